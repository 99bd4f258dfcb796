using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TagApi.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TenantFirstKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_EndpointId_Status_NextAttemptAt",
                table: "WebhookDeliveries");

            migrationBuilder.DropIndex(
                name: "IX_WebhookAttempts_EndpointId_Id",
                table: "WebhookAttempts");

            migrationBuilder.DropPrimaryKey(
                name: "PK_TagAssignments",
                table: "TagAssignments");

            migrationBuilder.DropPrimaryKey(
                name: "PK_SegmentMembers",
                table: "SegmentMembers");

            migrationBuilder.DropIndex(
                name: "IX_RuleVersions_RuleId_Version",
                table: "RuleVersions");

            migrationBuilder.DropPrimaryKey(
                name: "PK_OwedRuleEvaluations",
                table: "OwedRuleEvaluations");

            migrationBuilder.DropIndex(
                name: "IX_BulkJobErrors_JobId_Line",
                table: "BulkJobErrors");

            migrationBuilder.DropPrimaryKey(
                name: "PK_BulkJobChunks",
                table: "BulkJobChunks");

            migrationBuilder.AddPrimaryKey(
                name: "PK_TagAssignments",
                table: "TagAssignments",
                columns: new[] { "TenantId", "CustomerId", "TagId" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_SegmentMembers",
                table: "SegmentMembers",
                columns: new[] { "TenantId", "SegmentId", "CustomerId" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_OwedRuleEvaluations",
                table: "OwedRuleEvaluations",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_BulkJobChunks",
                table: "BulkJobChunks",
                columns: new[] { "TenantId", "JobId", "Output", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_EndpointId",
                table: "WebhookDeliveries",
                column: "EndpointId");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_TenantId_EndpointId_Status_NextAttemptAt",
                table: "WebhookDeliveries",
                columns: new[] { "TenantId", "EndpointId", "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookAttempts_TenantId_EndpointId_Id",
                table: "WebhookAttempts",
                columns: new[] { "TenantId", "EndpointId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TagAssignments_CustomerId",
                table: "TagAssignments",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_SegmentMembers_SegmentId",
                table: "SegmentMembers",
                column: "SegmentId");

            migrationBuilder.CreateIndex(
                name: "IX_RuleVersions_RuleId",
                table: "RuleVersions",
                column: "RuleId");

            migrationBuilder.CreateIndex(
                name: "IX_RuleVersions_TenantId_RuleId_Version",
                table: "RuleVersions",
                columns: new[] { "TenantId", "RuleId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BulkJobErrors_JobId",
                table: "BulkJobErrors",
                column: "JobId");

            migrationBuilder.CreateIndex(
                name: "IX_BulkJobErrors_TenantId_JobId_Line",
                table: "BulkJobErrors",
                columns: new[] { "TenantId", "JobId", "Line" });

            migrationBuilder.CreateIndex(
                name: "IX_BulkJobChunks_JobId",
                table: "BulkJobChunks",
                column: "JobId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_EndpointId",
                table: "WebhookDeliveries");

            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_TenantId_EndpointId_Status_NextAttemptAt",
                table: "WebhookDeliveries");

            migrationBuilder.DropIndex(
                name: "IX_WebhookAttempts_TenantId_EndpointId_Id",
                table: "WebhookAttempts");

            migrationBuilder.DropPrimaryKey(
                name: "PK_TagAssignments",
                table: "TagAssignments");

            migrationBuilder.DropIndex(
                name: "IX_TagAssignments_CustomerId",
                table: "TagAssignments");

            migrationBuilder.DropPrimaryKey(
                name: "PK_SegmentMembers",
                table: "SegmentMembers");

            migrationBuilder.DropIndex(
                name: "IX_SegmentMembers_SegmentId",
                table: "SegmentMembers");

            migrationBuilder.DropIndex(
                name: "IX_RuleVersions_RuleId",
                table: "RuleVersions");

            migrationBuilder.DropIndex(
                name: "IX_RuleVersions_TenantId_RuleId_Version",
                table: "RuleVersions");

            migrationBuilder.DropPrimaryKey(
                name: "PK_OwedRuleEvaluations",
                table: "OwedRuleEvaluations");

            migrationBuilder.DropIndex(
                name: "IX_BulkJobErrors_JobId",
                table: "BulkJobErrors");

            migrationBuilder.DropIndex(
                name: "IX_BulkJobErrors_TenantId_JobId_Line",
                table: "BulkJobErrors");

            migrationBuilder.DropPrimaryKey(
                name: "PK_BulkJobChunks",
                table: "BulkJobChunks");

            migrationBuilder.DropIndex(
                name: "IX_BulkJobChunks_JobId",
                table: "BulkJobChunks");

            migrationBuilder.AddPrimaryKey(
                name: "PK_TagAssignments",
                table: "TagAssignments",
                columns: new[] { "CustomerId", "TagId" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_SegmentMembers",
                table: "SegmentMembers",
                columns: new[] { "SegmentId", "CustomerId" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_OwedRuleEvaluations",
                table: "OwedRuleEvaluations",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_BulkJobChunks",
                table: "BulkJobChunks",
                columns: new[] { "JobId", "Output", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_EndpointId_Status_NextAttemptAt",
                table: "WebhookDeliveries",
                columns: new[] { "EndpointId", "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookAttempts_EndpointId_Id",
                table: "WebhookAttempts",
                columns: new[] { "EndpointId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_RuleVersions_RuleId_Version",
                table: "RuleVersions",
                columns: new[] { "RuleId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BulkJobErrors_JobId_Line",
                table: "BulkJobErrors",
                columns: new[] { "JobId", "Line" });
        }
    }
}
