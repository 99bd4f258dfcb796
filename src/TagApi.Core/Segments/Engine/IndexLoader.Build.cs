using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Core.Data;
using TagApi.Core.TagAssignments;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Segments.Engine;

/// <summary>The full build of a tenant's index.</summary>
public static partial class IndexLoader
{
    private const string AssignmentQuery =
        "SELECT \"CustomerId\", \"TagId\", \"Source\" FROM \"TagAssignments\" WHERE \"TenantId\" = @tenant ORDER BY \"CustomerId\"";

    /// <summary>
    /// Customers, their assignments and their activities come as three streams ordered by customer, each on a
    /// connection of its own so the database produces them side by side, and are merged as they arrive: each customer
    /// is indexed as soon as its rows are in, and nothing is held per customer on the way (no table of every
    /// customer's tags or timeline to build first and collect after).
    /// </summary>
    public static async Task<TenantIndex> BuildAsync(IServiceScopeFactory scopes, long tenantId, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        TagCatalog catalog;
        await using (var scope = scopes.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId, "system:index");
            catalog = await LoadCatalogAsync(scope.ServiceProvider.GetRequiredService<TagApiDbContext>(), ct);
        }

        var catalogSeconds = clock.Elapsed.TotalSeconds;
        await using var customers = await BuildStream.OpenAsync(scopes, tenantId, $"SELECT {CustomerColumns} FROM \"Customers\" WHERE \"TenantId\" = @tenant ORDER BY \"Id\"", ct);
        await using var assignments = await BuildStream.OpenAsync(scopes, tenantId, AssignmentQuery, ct);
        await using var activities = await BuildStream.OpenAsync(scopes, tenantId, ActivityReader.AllQuery, ct);
        var opened = clock.Elapsed.TotalSeconds;
        var vocabulary = new ActivityVocabulary();
        var counts = new MergeCounts();
        var index = new TenantIndex(catalog, vocabulary, Merge(customers.Reader, assignments.Reader, activities.Reader, vocabulary, counts));
        var total = clock.Elapsed.TotalSeconds;
        index.BuildPhases =
        [
            new IndexBuildPhase("catalog", catalog.Tags.Count, catalogSeconds),
            new IndexBuildPhase("open streams", 3, opened - catalogSeconds),
            new IndexBuildPhase("customers read and indexed", counts.Customers, total - opened),
            new IndexBuildPhase("assignments merged", counts.Assignments, total - opened),
            new IndexBuildPhase("activities merged", counts.Activities, total - opened),
        ];
        return index;
    }

    private sealed class MergeCounts
    {
        public long Customers { get; set; }

        public long Assignments { get; set; }

        public long Activities { get; set; }
    }

    // The lists are reused from one customer to the next: the index reads them while it applies the customer and
    // keeps none of them.
    private static IEnumerable<IndexedCustomer> Merge(DbDataReader customers, DbDataReader assignments, DbDataReader activities, ActivityVocabulary vocabulary, MergeCounts counts)
    {
        var tags = new List<long>();
        var ruleTags = new List<long>();
        var points = new List<ActivityPoint>();
        var rule = nameof(TagSource.Rule);
        var moreAssignments = assignments.Read();
        var moreActivities = activities.Read();
        while (customers.Read())
        {
            var row = ReadRow(customers);
            counts.Customers++;
            tags.Clear();
            ruleTags.Clear();
            points.Clear();
            // Rows of a customer missing from the customer stream (deleted meanwhile) are skipped.
            while (moreAssignments && assignments.GetInt64(0) <= row.Id)
            {
                if (assignments.GetInt64(0) == row.Id)
                {
                    var tagId = assignments.GetInt64(1);
                    tags.Add(tagId);
                    if (string.Equals(assignments.GetString(2), rule, StringComparison.Ordinal))
                    {
                        ruleTags.Add(tagId);
                    }

                    counts.Assignments++;
                }

                moreAssignments = assignments.Read();
            }

            while (moreActivities && activities.GetInt64(0) <= row.Id)
            {
                if (activities.GetInt64(0) == row.Id)
                {
                    points.Add(ActivityReader.Point(activities, vocabulary));
                    counts.Activities++;
                }

                moreActivities = activities.Read();
            }

            yield return new IndexedCustomer(row, tags, points.Count == 0 ? ActivityTimeline.Empty : ActivityTimeline.From(points), ruleTags);
        }
    }

    /// <summary>One ordered read of the build, on a connection (and context) of its own.</summary>
    private sealed class BuildStream : IAsyncDisposable
    {
        private readonly AsyncServiceScope _scope;
        private DbCommand? _command;

        private BuildStream(AsyncServiceScope scope, TagApiDbContext db)
        {
            _scope = scope;
            Db = db;
        }

        private TagApiDbContext Db { get; }

        public DbDataReader Reader { get; private set; } = null!;

        public static async Task<BuildStream> OpenAsync(IServiceScopeFactory scopes, long tenantId, string sql, CancellationToken ct)
        {
            var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId, "system:index");
            var stream = new BuildStream(scope, scope.ServiceProvider.GetRequiredService<TagApiDbContext>());
            try
            {
                await stream.Db.Database.OpenConnectionAsync(ct);
                stream._command = stream.Db.Database.GetDbConnection().CreateCommand();
                stream._command.CommandText = sql;
                AddTenant(stream._command, tenantId);
                stream.Reader = await stream._command.ExecuteReaderAsync(ct);
                return stream;
            }
            catch
            {
                await stream.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Reader is not null)
            {
                await Reader.DisposeAsync();
            }

            if (_command is not null)
            {
                await _command.DisposeAsync();
            }

            await Db.Database.CloseConnectionAsync();
            await _scope.DisposeAsync();
        }
    }
}
