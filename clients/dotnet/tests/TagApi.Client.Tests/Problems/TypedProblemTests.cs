using TagApi.Client.Tests.Infrastructure;

namespace TagApi.Client.Tests.Problems;

[Collection(LiveServerCollection.Name)]
public sealed class TypedProblemTests(LiveServer server)
{
    [Fact]
    public async Task Bad_input_names_the_field()
    {
        var api = TagApiClient.Create(await server.CreateTenantAsync());

        var problem = await Assert.ThrowsAsync<TagApiProblemException>(() => api.CreateTagAsync(new CreateTagRequest { Key = "Not A Key", Name = "x" }));

        Assert.Equal(("validation_failed", 400), (problem.Code, problem.Status));
        Assert.NotEmpty(problem.Errors["key"]);
        Assert.NotNull(problem.TraceId);
    }

    [Fact]
    public async Task A_missing_resource_is_not_found_and_still_an_ApiException()
    {
        var api = TagApiClient.Create(await server.CreateTenantAsync());

        var problem = await Assert.ThrowsAsync<TagApiProblemException>(() => api.GetCustomerByExternalIdAsync("nobody"));
        ApiException asApiException = problem;

        Assert.Equal(("not_found", 404), (problem.Code, problem.Status));
        Assert.Equal(404, asApiException.StatusCode);
        Assert.False(string.IsNullOrEmpty(problem.Detail));
    }

    [Fact]
    public async Task A_query_typo_reports_its_position()
    {
        var api = TagApiClient.Create(await server.CreateTenantAsync());

        var problem = await Assert.ThrowsAsync<TagApiProblemException>(() => api.QuerySegmentAsync(new SegmentQueryRequest { Query = "tag = 'vip' AND" }));

        Assert.Equal("query_invalid", problem.Code);
        var error = Assert.Single(problem.QueryErrors);
        Assert.Equal(1, error.Line);
        Assert.True(error.Column > 1);
    }

    [Fact]
    public async Task A_missing_scope_is_forbidden()
    {
        var api = TagApiClient.Create(await server.CreateTenantAsync("tags:read"));

        var problem = await Assert.ThrowsAsync<TagApiProblemException>(() => api.CreateTagAsync(new CreateTagRequest { Key = "nope", Name = "Nope" }));

        Assert.Equal(("forbidden", 403), (problem.Code, problem.Status));
    }

    [Fact]
    public async Task A_stale_If_Match_is_a_failed_precondition_and_changes_nothing()
    {
        var api = TagApiClient.Create(await server.CreateTenantAsync());
        await api.CreateTagAsync(new CreateTagRequest { Key = "guarded", Name = "Guarded" });

        var problem = await Assert.ThrowsAsync<TagApiProblemException>(() =>
            api.With(new TagApiRequestOptions { IfMatch = "\"999\"" }).UpdateTagAsync("guarded", new TagInput { Name = "Changed" }));

        Assert.Equal(("precondition_failed", 412), (problem.Code, problem.Status));
        Assert.Equal("Guarded", (await api.GetTagAsync("guarded")).Name);
    }

    [Fact]
    public async Task A_caller_chosen_idempotency_key_replays_the_first_outcome()
    {
        var api = TagApiClient.Create(await server.CreateTenantAsync());
        var order = api.With(new TagApiRequestOptions { IdempotencyKey = "order-7001" });

        var first = await order.CreateTagAsync(new CreateTagRequest { Key = "paid", Name = "Paid" });
        var again = await order.CreateTagAsync(new CreateTagRequest { Key = "paid", Name = "Paid" });
        var reused = await Assert.ThrowsAsync<TagApiProblemException>(() => order.CreateTagAsync(new CreateTagRequest { Key = "other", Name = "Other" }));

        Assert.Equal(first.Id, again.Id);
        Assert.Equal("idempotency_key_reused", reused.Code);
    }
}
