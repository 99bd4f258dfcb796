using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TagApi.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class PostgresClaimsPerEndpointOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
