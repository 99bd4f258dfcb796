using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TagApi.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class TenantFirstKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Activities_Customers_CustomerId",
                table: "Activities");

            migrationBuilder.DropForeignKey(
                name: "FK_BulkJobChunks_BulkJobs_JobId",
                table: "BulkJobChunks");

            migrationBuilder.DropForeignKey(
                name: "FK_BulkJobErrors_BulkJobs_JobId",
                table: "BulkJobErrors");

            migrationBuilder.DropForeignKey(
                name: "FK_RuleRuns_Rules_RuleId",
                table: "RuleRuns");

            migrationBuilder.DropForeignKey(
                name: "FK_RuleVersions_Rules_RuleId",
                table: "RuleVersions");

            migrationBuilder.DropForeignKey(
                name: "FK_SegmentMembers_Segments_SegmentId",
                table: "SegmentMembers");

            migrationBuilder.DropForeignKey(
                name: "FK_TagAliases_Tags_TagId",
                table: "TagAliases");

            migrationBuilder.DropForeignKey(
                name: "FK_TagAssignments_Customers_CustomerId",
                table: "TagAssignments");

            migrationBuilder.DropForeignKey(
                name: "FK_TagAssignments_Tags_TagId",
                table: "TagAssignments");

            migrationBuilder.DropForeignKey(
                name: "FK_TagHistory_Customers_CustomerId",
                table: "TagHistory");

            migrationBuilder.DropForeignKey(
                name: "FK_Tags_TagCategories_CategoryId",
                table: "Tags");

            migrationBuilder.DropForeignKey(
                name: "FK_Tags_Tags_ParentId",
                table: "Tags");

            migrationBuilder.DropForeignKey(
                name: "FK_WebhookDeliveries_Events_EventId",
                table: "WebhookDeliveries");

            migrationBuilder.DropForeignKey(
                name: "FK_WebhookDeliveries_WebhookEndpoints_EndpointId",
                table: "WebhookDeliveries");

            migrationBuilder.DropPrimaryKey(
                name: "PK_WebhookEndpoints",
                table: "WebhookEndpoints");

            migrationBuilder.DropIndex(
                name: "IX_WebhookEndpoints_TenantId_Id",
                table: "WebhookEndpoints");

            migrationBuilder.DropPrimaryKey(
                name: "PK_WebhookDeliveries",
                table: "WebhookDeliveries");

            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_EndpointId_Status_NextAttemptAt",
                table: "WebhookDeliveries");

            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_EventId",
                table: "WebhookDeliveries");

            migrationBuilder.DropPrimaryKey(
                name: "PK_WebhookAttempts",
                table: "WebhookAttempts");

            migrationBuilder.DropIndex(
                name: "IX_WebhookAttempts_EndpointId_Id",
                table: "WebhookAttempts");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Tags",
                table: "Tags");

            migrationBuilder.DropIndex(
                name: "IX_Tags_CategoryId",
                table: "Tags");

            migrationBuilder.DropIndex(
                name: "IX_Tags_ParentId",
                table: "Tags");

            migrationBuilder.DropPrimaryKey(
                name: "PK_TagHistory",
                table: "TagHistory");

            migrationBuilder.DropIndex(
                name: "IX_TagHistory_CustomerId",
                table: "TagHistory");

            migrationBuilder.DropPrimaryKey(
                name: "PK_TagCategories",
                table: "TagCategories");

            migrationBuilder.DropPrimaryKey(
                name: "PK_TagAssignments",
                table: "TagAssignments");

            migrationBuilder.DropIndex(
                name: "IX_TagAssignments_TagId",
                table: "TagAssignments");

            migrationBuilder.DropPrimaryKey(
                name: "PK_TagAliases",
                table: "TagAliases");

            migrationBuilder.DropIndex(
                name: "IX_TagAliases_TagId",
                table: "TagAliases");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Segments",
                table: "Segments");

            migrationBuilder.DropPrimaryKey(
                name: "PK_SegmentMembers",
                table: "SegmentMembers");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Rules",
                table: "Rules");

            migrationBuilder.DropPrimaryKey(
                name: "PK_RuleVersions",
                table: "RuleVersions");

            migrationBuilder.DropIndex(
                name: "IX_RuleVersions_RuleId_Version",
                table: "RuleVersions");

            migrationBuilder.DropPrimaryKey(
                name: "PK_RuleRuns",
                table: "RuleRuns");

            migrationBuilder.DropIndex(
                name: "IX_RuleRuns_RuleId",
                table: "RuleRuns");

            migrationBuilder.DropPrimaryKey(
                name: "PK_OwedRuleEvaluations",
                table: "OwedRuleEvaluations");

            migrationBuilder.DropPrimaryKey(
                name: "PK_IndexChanges",
                table: "IndexChanges");

            migrationBuilder.DropPrimaryKey(
                name: "PK_IdempotencyRecords",
                table: "IdempotencyRecords");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Events",
                table: "Events");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Customers",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_Customers_TenantId_Id",
                table: "Customers");

            migrationBuilder.DropPrimaryKey(
                name: "PK_BulkJobs",
                table: "BulkJobs");

            migrationBuilder.DropIndex(
                name: "IX_BulkJobs_TenantId_Id",
                table: "BulkJobs");

            migrationBuilder.DropPrimaryKey(
                name: "PK_BulkJobErrors",
                table: "BulkJobErrors");

            migrationBuilder.DropIndex(
                name: "IX_BulkJobErrors_JobId_Line",
                table: "BulkJobErrors");

            migrationBuilder.DropPrimaryKey(
                name: "PK_BulkJobChunks",
                table: "BulkJobChunks");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Activities",
                table: "Activities");

            migrationBuilder.DropIndex(
                name: "IX_Activities_CustomerId",
                table: "Activities");

            migrationBuilder.AddPrimaryKey(
                name: "PK_WebhookEndpoints",
                table: "WebhookEndpoints",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_WebhookDeliveries",
                table: "WebhookDeliveries",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_WebhookAttempts",
                table: "WebhookAttempts",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_Tags",
                table: "Tags",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_TagHistory",
                table: "TagHistory",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_TagCategories",
                table: "TagCategories",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_TagAssignments",
                table: "TagAssignments",
                columns: new[] { "TenantId", "CustomerId", "TagId" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_TagAliases",
                table: "TagAliases",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_Segments",
                table: "Segments",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_SegmentMembers",
                table: "SegmentMembers",
                columns: new[] { "TenantId", "SegmentId", "CustomerId" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_Rules",
                table: "Rules",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_RuleVersions",
                table: "RuleVersions",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_RuleRuns",
                table: "RuleRuns",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_OwedRuleEvaluations",
                table: "OwedRuleEvaluations",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_IndexChanges",
                table: "IndexChanges",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_IdempotencyRecords",
                table: "IdempotencyRecords",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_Events",
                table: "Events",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_Customers",
                table: "Customers",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_BulkJobs",
                table: "BulkJobs",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_BulkJobErrors",
                table: "BulkJobErrors",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_BulkJobChunks",
                table: "BulkJobChunks",
                columns: new[] { "TenantId", "JobId", "Output", "Sequence" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_Activities",
                table: "Activities",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_TenantId_EndpointId_Status_NextAttemptAt",
                table: "WebhookDeliveries",
                columns: new[] { "TenantId", "EndpointId", "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_TenantId_EventId",
                table: "WebhookDeliveries",
                columns: new[] { "TenantId", "EventId" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookAttempts_TenantId_EndpointId_Id",
                table: "WebhookAttempts",
                columns: new[] { "TenantId", "EndpointId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TagAliases_TenantId_TagId",
                table: "TagAliases",
                columns: new[] { "TenantId", "TagId" });

            migrationBuilder.CreateIndex(
                name: "IX_RuleVersions_TenantId_RuleId_Version",
                table: "RuleVersions",
                columns: new[] { "TenantId", "RuleId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BulkJobErrors_TenantId_JobId_Line",
                table: "BulkJobErrors",
                columns: new[] { "TenantId", "JobId", "Line" });

            migrationBuilder.AddForeignKey(
                name: "FK_Activities_Customers_TenantId_CustomerId",
                table: "Activities",
                columns: new[] { "TenantId", "CustomerId" },
                principalTable: "Customers",
                principalColumns: new[] { "TenantId", "Id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_BulkJobChunks_BulkJobs_TenantId_JobId",
                table: "BulkJobChunks",
                columns: new[] { "TenantId", "JobId" },
                principalTable: "BulkJobs",
                principalColumns: new[] { "TenantId", "Id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_BulkJobErrors_BulkJobs_TenantId_JobId",
                table: "BulkJobErrors",
                columns: new[] { "TenantId", "JobId" },
                principalTable: "BulkJobs",
                principalColumns: new[] { "TenantId", "Id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_RuleRuns_Rules_TenantId_RuleId",
                table: "RuleRuns",
                columns: new[] { "TenantId", "RuleId" },
                principalTable: "Rules",
                principalColumns: new[] { "TenantId", "Id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_RuleVersions_Rules_TenantId_RuleId",
                table: "RuleVersions",
                columns: new[] { "TenantId", "RuleId" },
                principalTable: "Rules",
                principalColumns: new[] { "TenantId", "Id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_SegmentMembers_Segments_TenantId_SegmentId",
                table: "SegmentMembers",
                columns: new[] { "TenantId", "SegmentId" },
                principalTable: "Segments",
                principalColumns: new[] { "TenantId", "Id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_TagAliases_Tags_TenantId_TagId",
                table: "TagAliases",
                columns: new[] { "TenantId", "TagId" },
                principalTable: "Tags",
                principalColumns: new[] { "TenantId", "Id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_TagAssignments_Customers_TenantId_CustomerId",
                table: "TagAssignments",
                columns: new[] { "TenantId", "CustomerId" },
                principalTable: "Customers",
                principalColumns: new[] { "TenantId", "Id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_TagAssignments_Tags_TenantId_TagId",
                table: "TagAssignments",
                columns: new[] { "TenantId", "TagId" },
                principalTable: "Tags",
                principalColumns: new[] { "TenantId", "Id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_TagHistory_Customers_TenantId_CustomerId",
                table: "TagHistory",
                columns: new[] { "TenantId", "CustomerId" },
                principalTable: "Customers",
                principalColumns: new[] { "TenantId", "Id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_Tags_TagCategories_TenantId_CategoryId",
                table: "Tags",
                columns: new[] { "TenantId", "CategoryId" },
                principalTable: "TagCategories",
                principalColumns: new[] { "TenantId", "Id" },
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Tags_Tags_TenantId_ParentId",
                table: "Tags",
                columns: new[] { "TenantId", "ParentId" },
                principalTable: "Tags",
                principalColumns: new[] { "TenantId", "Id" },
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_WebhookDeliveries_Events_TenantId_EventId",
                table: "WebhookDeliveries",
                columns: new[] { "TenantId", "EventId" },
                principalTable: "Events",
                principalColumns: new[] { "TenantId", "Id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_WebhookDeliveries_WebhookEndpoints_TenantId_EndpointId",
                table: "WebhookDeliveries",
                columns: new[] { "TenantId", "EndpointId" },
                principalTable: "WebhookEndpoints",
                principalColumns: new[] { "TenantId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Activities_Customers_TenantId_CustomerId",
                table: "Activities");

            migrationBuilder.DropForeignKey(
                name: "FK_BulkJobChunks_BulkJobs_TenantId_JobId",
                table: "BulkJobChunks");

            migrationBuilder.DropForeignKey(
                name: "FK_BulkJobErrors_BulkJobs_TenantId_JobId",
                table: "BulkJobErrors");

            migrationBuilder.DropForeignKey(
                name: "FK_RuleRuns_Rules_TenantId_RuleId",
                table: "RuleRuns");

            migrationBuilder.DropForeignKey(
                name: "FK_RuleVersions_Rules_TenantId_RuleId",
                table: "RuleVersions");

            migrationBuilder.DropForeignKey(
                name: "FK_SegmentMembers_Segments_TenantId_SegmentId",
                table: "SegmentMembers");

            migrationBuilder.DropForeignKey(
                name: "FK_TagAliases_Tags_TenantId_TagId",
                table: "TagAliases");

            migrationBuilder.DropForeignKey(
                name: "FK_TagAssignments_Customers_TenantId_CustomerId",
                table: "TagAssignments");

            migrationBuilder.DropForeignKey(
                name: "FK_TagAssignments_Tags_TenantId_TagId",
                table: "TagAssignments");

            migrationBuilder.DropForeignKey(
                name: "FK_TagHistory_Customers_TenantId_CustomerId",
                table: "TagHistory");

            migrationBuilder.DropForeignKey(
                name: "FK_Tags_TagCategories_TenantId_CategoryId",
                table: "Tags");

            migrationBuilder.DropForeignKey(
                name: "FK_Tags_Tags_TenantId_ParentId",
                table: "Tags");

            migrationBuilder.DropForeignKey(
                name: "FK_WebhookDeliveries_Events_TenantId_EventId",
                table: "WebhookDeliveries");

            migrationBuilder.DropForeignKey(
                name: "FK_WebhookDeliveries_WebhookEndpoints_TenantId_EndpointId",
                table: "WebhookDeliveries");

            migrationBuilder.DropPrimaryKey(
                name: "PK_WebhookEndpoints",
                table: "WebhookEndpoints");

            migrationBuilder.DropPrimaryKey(
                name: "PK_WebhookDeliveries",
                table: "WebhookDeliveries");

            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_TenantId_EndpointId_Status_NextAttemptAt",
                table: "WebhookDeliveries");

            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_TenantId_EventId",
                table: "WebhookDeliveries");

            migrationBuilder.DropPrimaryKey(
                name: "PK_WebhookAttempts",
                table: "WebhookAttempts");

            migrationBuilder.DropIndex(
                name: "IX_WebhookAttempts_TenantId_EndpointId_Id",
                table: "WebhookAttempts");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Tags",
                table: "Tags");

            migrationBuilder.DropPrimaryKey(
                name: "PK_TagHistory",
                table: "TagHistory");

            migrationBuilder.DropPrimaryKey(
                name: "PK_TagCategories",
                table: "TagCategories");

            migrationBuilder.DropPrimaryKey(
                name: "PK_TagAssignments",
                table: "TagAssignments");

            migrationBuilder.DropPrimaryKey(
                name: "PK_TagAliases",
                table: "TagAliases");

            migrationBuilder.DropIndex(
                name: "IX_TagAliases_TenantId_TagId",
                table: "TagAliases");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Segments",
                table: "Segments");

            migrationBuilder.DropPrimaryKey(
                name: "PK_SegmentMembers",
                table: "SegmentMembers");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Rules",
                table: "Rules");

            migrationBuilder.DropPrimaryKey(
                name: "PK_RuleVersions",
                table: "RuleVersions");

            migrationBuilder.DropIndex(
                name: "IX_RuleVersions_TenantId_RuleId_Version",
                table: "RuleVersions");

            migrationBuilder.DropPrimaryKey(
                name: "PK_RuleRuns",
                table: "RuleRuns");

            migrationBuilder.DropPrimaryKey(
                name: "PK_OwedRuleEvaluations",
                table: "OwedRuleEvaluations");

            migrationBuilder.DropPrimaryKey(
                name: "PK_IndexChanges",
                table: "IndexChanges");

            migrationBuilder.DropPrimaryKey(
                name: "PK_IdempotencyRecords",
                table: "IdempotencyRecords");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Events",
                table: "Events");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Customers",
                table: "Customers");

            migrationBuilder.DropPrimaryKey(
                name: "PK_BulkJobs",
                table: "BulkJobs");

            migrationBuilder.DropPrimaryKey(
                name: "PK_BulkJobErrors",
                table: "BulkJobErrors");

            migrationBuilder.DropIndex(
                name: "IX_BulkJobErrors_TenantId_JobId_Line",
                table: "BulkJobErrors");

            migrationBuilder.DropPrimaryKey(
                name: "PK_BulkJobChunks",
                table: "BulkJobChunks");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Activities",
                table: "Activities");

            migrationBuilder.AddPrimaryKey(
                name: "PK_WebhookEndpoints",
                table: "WebhookEndpoints",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_WebhookDeliveries",
                table: "WebhookDeliveries",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_WebhookAttempts",
                table: "WebhookAttempts",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_Tags",
                table: "Tags",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_TagHistory",
                table: "TagHistory",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_TagCategories",
                table: "TagCategories",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_TagAssignments",
                table: "TagAssignments",
                columns: new[] { "CustomerId", "TagId" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_TagAliases",
                table: "TagAliases",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_Segments",
                table: "Segments",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_SegmentMembers",
                table: "SegmentMembers",
                columns: new[] { "SegmentId", "CustomerId" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_Rules",
                table: "Rules",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_RuleVersions",
                table: "RuleVersions",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_RuleRuns",
                table: "RuleRuns",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_OwedRuleEvaluations",
                table: "OwedRuleEvaluations",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_IndexChanges",
                table: "IndexChanges",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_IdempotencyRecords",
                table: "IdempotencyRecords",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_Events",
                table: "Events",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_Customers",
                table: "Customers",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_BulkJobs",
                table: "BulkJobs",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_BulkJobErrors",
                table: "BulkJobErrors",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_BulkJobChunks",
                table: "BulkJobChunks",
                columns: new[] { "JobId", "Output", "Sequence" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_Activities",
                table: "Activities",
                column: "Id");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookEndpoints_TenantId_Id",
                table: "WebhookEndpoints",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_EndpointId_Status_NextAttemptAt",
                table: "WebhookDeliveries",
                columns: new[] { "EndpointId", "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_EventId",
                table: "WebhookDeliveries",
                column: "EventId");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookAttempts_EndpointId_Id",
                table: "WebhookAttempts",
                columns: new[] { "EndpointId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Tags_CategoryId",
                table: "Tags",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_Tags_ParentId",
                table: "Tags",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_TagHistory_CustomerId",
                table: "TagHistory",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_TagAssignments_TagId",
                table: "TagAssignments",
                column: "TagId");

            migrationBuilder.CreateIndex(
                name: "IX_TagAliases_TagId",
                table: "TagAliases",
                column: "TagId");

            migrationBuilder.CreateIndex(
                name: "IX_RuleVersions_RuleId_Version",
                table: "RuleVersions",
                columns: new[] { "RuleId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RuleRuns_RuleId",
                table: "RuleRuns",
                column: "RuleId");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_TenantId_Id",
                table: "Customers",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_BulkJobs_TenantId_Id",
                table: "BulkJobs",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_BulkJobErrors_JobId_Line",
                table: "BulkJobErrors",
                columns: new[] { "JobId", "Line" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_CustomerId",
                table: "Activities",
                column: "CustomerId");

            migrationBuilder.AddForeignKey(
                name: "FK_Activities_Customers_CustomerId",
                table: "Activities",
                column: "CustomerId",
                principalTable: "Customers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_BulkJobChunks_BulkJobs_JobId",
                table: "BulkJobChunks",
                column: "JobId",
                principalTable: "BulkJobs",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_BulkJobErrors_BulkJobs_JobId",
                table: "BulkJobErrors",
                column: "JobId",
                principalTable: "BulkJobs",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_RuleRuns_Rules_RuleId",
                table: "RuleRuns",
                column: "RuleId",
                principalTable: "Rules",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_RuleVersions_Rules_RuleId",
                table: "RuleVersions",
                column: "RuleId",
                principalTable: "Rules",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_SegmentMembers_Segments_SegmentId",
                table: "SegmentMembers",
                column: "SegmentId",
                principalTable: "Segments",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_TagAliases_Tags_TagId",
                table: "TagAliases",
                column: "TagId",
                principalTable: "Tags",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_TagAssignments_Customers_CustomerId",
                table: "TagAssignments",
                column: "CustomerId",
                principalTable: "Customers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_TagAssignments_Tags_TagId",
                table: "TagAssignments",
                column: "TagId",
                principalTable: "Tags",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_TagHistory_Customers_CustomerId",
                table: "TagHistory",
                column: "CustomerId",
                principalTable: "Customers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_Tags_TagCategories_CategoryId",
                table: "Tags",
                column: "CategoryId",
                principalTable: "TagCategories",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Tags_Tags_ParentId",
                table: "Tags",
                column: "ParentId",
                principalTable: "Tags",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_WebhookDeliveries_Events_EventId",
                table: "WebhookDeliveries",
                column: "EventId",
                principalTable: "Events",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_WebhookDeliveries_WebhookEndpoints_EndpointId",
                table: "WebhookDeliveries",
                column: "EndpointId",
                principalTable: "WebhookEndpoints",
                principalColumn: "Id");
        }
    }
}
