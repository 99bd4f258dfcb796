using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TagApi.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AddIndexChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IndexChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    CustomerId = table.Column<long>(type: "bigint", nullable: true),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexChanges", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IndexChanges_At",
                table: "IndexChanges",
                column: "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IndexChanges");
        }
    }
}
