using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TagApi.Data.Postgres.Migrations
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

            migrationBuilder.AddColumn<long>(
                name: "TxStamp",
                table: "IndexChanges",
                type: "bigint",
                nullable: false,
                defaultValueSql: "pg_current_xact_id()::text::bigint");

            migrationBuilder.AddColumn<long>(
                name: "TxStamp",
                table: "Events",
                type: "bigint",
                nullable: false,
                defaultValueSql: "pg_current_xact_id()::text::bigint");

            migrationBuilder.CreateTable(
                name: "OwedRuleEvaluations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    CustomerIds = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
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
