using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TagApi.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AnalyticsIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_TagHistory_TenantId_TagId_At",
                table: "TagHistory",
                columns: new[] { "TenantId", "TagId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_TenantId_Type_OccurredAt",
                table: "Events",
                columns: new[] { "TenantId", "Type", "OccurredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TagHistory_TenantId_TagId_At",
                table: "TagHistory");

            migrationBuilder.DropIndex(
                name: "IX_Events_TenantId_Type_OccurredAt",
                table: "Events");
        }
    }
}
