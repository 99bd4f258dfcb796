using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;

namespace TagApi.Api.Tests.Segments;

/// <summary>
/// On PostgreSQL the node that wrote a change re-reads its customers once, at the commit: its follower skips the
/// index-log rows of its own transactions that the index took in then, and reads every other row (another node's).
/// The background follower is held off; the test drives it.
/// </summary>
public sealed class FollowingOwnCommitsOnPostgres(FollowingOwnCommitsOnPostgres.HeldOffFactory factory) : IClassFixture<FollowingOwnCommitsOnPostgres.HeldOffFactory>
{
    [Fact]
    public async Task The_follower_skips_its_own_commits_rows_and_reads_another_writers()
    {
        var api = await factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        var customer = (await api.UpsertCustomerAsync("c1")).Str("id");
        Assert.Equal(0, await api.CountAsync("tag = 'vip'"));
        var follower = factory.Services.GetRequiredService<IndexFollower>();
        await follower.FollowOnceAsync(CancellationToken.None);
        await follower.FollowOnceAsync(CancellationToken.None);

        // The write returns once this node's index has it: its log row is not applied again.
        await api.ChangeTagsAsync(customer, add: ["vip"]);
        Assert.Equal(0, await follower.FollowOnceAsync(CancellationToken.None));
        Assert.Equal(1, await api.CountAsync("tag = 'vip'"));

        // A row of a transaction this node did not take in (as another node's write would leave) is read.
        PublicId.TryDecode(IdPrefixes.Customer, customer, out var customerId);
        await factory.InTenantAsync(api.TenantId, sp => sp.GetRequiredService<TagApiDbContext>().Database.ExecuteSqlAsync(
            $"""INSERT INTO "IndexChanges" ("TenantId", "CustomerId", "Activities", "At") VALUES ({api.TenantId}, {customerId}, false, now())"""));
        Assert.Equal(1, await follower.FollowOnceAsync(CancellationToken.None));
        Assert.Equal(1, await api.CountAsync("tag = 'vip'"));
    }


    public sealed class HeldOffFactory : TagApiFactoryOnPostgres
    {
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => FollowerSettings.HeldOff;
    }
}
