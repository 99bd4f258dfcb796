using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments.Membership;

namespace TagApi.Api.Tests.Segments;

/// <summary>
/// A membership projection that stalls while it writes (a loaded machine, a lock) and outlives its
/// lease is not overtaken mid-write: the run that takes the lease over waits for the stalled chunk
/// to commit and then continues from it, so no entry is written twice and event ids follow the order
/// membership changed. PostgreSQL only: SQLite admits one writing transaction at a time anyway.
/// </summary>
public sealed class MembershipLeaseTests(PostgresTagApiFactory factory) : ProviderSuite(factory), IClassFixture<PostgresTagApiFactory>
{
    [Fact]
    public async Task A_run_that_outlived_its_lease_while_writing_is_not_overtaken()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("x");
        var customer = (await api.UpsertCustomerAsync("stalled")).Str("id");
        await api.PostAsync("/v1/segments", new { key = "xs", name = "Xs", query = "tag = 'x'" }, HttpStatusCode.Created);
        await SegmentBaselines.WrittenAsync(Factory, api, "xs");
        Assert.True(PublicId.TryDecode(IdPrefixes.Segment, (await api.GetAsync("/v1/segments/xs")).Str("id"), out var segmentId));
        var connectionString = await Factory.InTenantAsync(api.TenantId, services => Task.FromResult(services.GetRequiredService<TagApiDbContext>().Database.GetConnectionString()!));

        // The stall: member rows cannot be written while this transaction holds the table, so the
        // background run that projects the tag change below waits inside its write.
        await using var stall = new NpgsqlConnection(connectionString);
        await stall.OpenAsync();
        await using var holding = await stall.BeginTransactionAsync();
        await using (var lockMembers = new NpgsqlCommand("""LOCK TABLE "SegmentMembers" IN SHARE MODE""", stall, holding))
        {
            await lockMembers.ExecuteNonQueryAsync();
        }

        await api.ChangeTagsAsync(customer, add: ["x"]);
        await WaitingOnLocksAsync(connectionString, 1);

        // A second run whose clock is an hour ahead finds the stalled run's lease lapsed and takes it over.
        var overtaking = Factory.InTenantAsync(api.TenantId, services =>
            ActivatorUtilities.CreateInstance<MembershipProjector>(services, new ClockAhead(TimeSpan.FromHours(1)))
                .ProjectAsync(segmentId, customerIds: null, CancellationToken.None));
        await WaitingOnLocksAsync(connectionString, 2);
        await holding.CommitAsync();

        var run = await overtaking;
        Assert.NotNull(run);
        Assert.Equal(0, run.Entered);
        var entries = await Factory.InTenantAsync(api.TenantId, services =>
            services.GetRequiredService<TagApiDbContext>().Events.AsNoTracking().CountAsync(e => e.Type == "segment.entered"));
        Assert.Equal(1, entries);
    }

    private static async Task WaitingOnLocksAsync(string connectionString, int backends)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        var waiting = await Eventually.WaitForAsync(async () => (long)(await command.ExecuteScalarAsync())!, n => n >= backends, TimeSpan.FromSeconds(20));
        Assert.True(waiting >= backends, $"{waiting} of {backends} projections reached the stall");
    }

    private sealed class ClockAhead(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }
}
