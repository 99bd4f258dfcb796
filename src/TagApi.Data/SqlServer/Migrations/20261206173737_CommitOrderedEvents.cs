using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TagApi.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class CommitOrderedEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_TenantId_Id",
                table: "Events");

            migrationBuilder.AddColumn<byte[]>(
                name: "TxStamp",
                table: "IndexChanges",
                type: "rowversion",
                rowVersion: true,
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<byte[]>(
                name: "TxStamp",
                table: "Events",
                type: "rowversion",
                rowVersion: true,
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.CreateTable(
                name: "OwedRuleEvaluations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    CustomerIds = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LeaseUntil = table.Column<DateTime>(type: "datetime2", nullable: true),
                    LeaseOwner = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OwedRuleEvaluations", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IndexChanges_TxStamp",
                table: "IndexChanges",
                column: "TxStamp");

            migrationBuilder.CreateIndex(
                name: "IX_Events_TenantId_TxStamp_Id",
                table: "Events",
                columns: new[] { "TenantId", "TxStamp", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OwedRuleEvaluations");

            migrationBuilder.DropIndex(
                name: "IX_IndexChanges_TxStamp",
                table: "IndexChanges");

            migrationBuilder.DropIndex(
                name: "IX_Events_TenantId_TxStamp_Id",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "TxStamp",
                table: "IndexChanges");

            migrationBuilder.DropColumn(
                name: "TxStamp",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_TenantId_Id",
                table: "Events",
                columns: new[] { "TenantId", "Id" });
        }
    }
}
