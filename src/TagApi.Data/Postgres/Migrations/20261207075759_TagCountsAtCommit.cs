using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TagApi.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TagCountsAtCommit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A single write's lines of one tag are counted when its transaction commits (PostgresTagChangeCounts.CountAtCommit).
            foreach (var statement in PostgresTagChangeCounts.CountAtCommit)
            {
                migrationBuilder.Sql(statement);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var statement in PostgresTagChangeCounts.CountAtInsert)
            {
                migrationBuilder.Sql(statement);
            }
        }
    }
}
