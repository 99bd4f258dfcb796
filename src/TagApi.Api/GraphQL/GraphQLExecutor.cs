using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Validation;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Options;
using TagApi.Core.Tenancy;

namespace TagApi.Api.GraphQL;

/// <summary>What became of a request: a result to write, a refusal of the HTTP method (405), or nothing when the client left.</summary>
public sealed record GraphQLOutcome(ExecutionResult? Result, GraphQLRequestContext? Context, bool MutationOverGet = false, bool Abandoned = false);

/// <summary>
/// Turns one read request into a result: finds the document (persisted id, cache or parser),
/// refuses mutations over GET and documents over the selection budget, then validates and executes
/// with the caller's limits. The execution's cancellation token is the request's <c>RequestAborted</c>, to which
/// GraphQL.NET links the timeout: a client that leaves, or an operation past its time, stops the resolvers.
/// </summary>
public sealed class GraphQLExecutor(
    IDocumentExecuter<TagApiSchema> executer, DocumentCache cache, CostLimits cost, SelectionBudget budget, GraphQLErrors errors, IOptions<GraphQLOptions> options)
{
    private static readonly ScopeValidationRule Scopes = new();
    private readonly GraphQLOptions _options = options.Value;

    public async Task<GraphQLOutcome> ExecuteAsync(HttpContext http, GraphQLRequest request, bool isGet)
    {
        var (query, hash, entry, failure) = ResolveText(request);
        if (failure is not null)
        {
            return new GraphQLOutcome(failure, null);
        }

        var cached = entry is not null;
        var document = entry?.Document;
        if (!cached)
        {
            try
            {
                document = new GraphQLDocumentBuilder { IgnoreComments = true }.Build(query!);
            }
            catch (SyntaxError e)
            {
                return new GraphQLOutcome(new ExecutionResult { Errors = [e] }, null);
            }
            catch (GraphQLParserException e)
            {
                return new GraphQLOutcome(Error(e.Message, GraphQLErrorCodes.BadRequest), null);
            }
        }

        var operation = SelectOperation(document!, request.OperationName);
        if (isGet && operation?.Operation == OperationType.Mutation)
        {
            return new GraphQLOutcome(null, null, MutationOverGet: true);
        }

        if (budget.Check(document!, operation) is { } refused)
        {
            return new GraphQLOutcome(new ExecutionResult { Errors = [refused] }, null);
        }

        var tenant = http.RequestServices.GetRequiredService<TenantContext>();
        var context = new GraphQLRequestContext
        {
            Caller = tenant.ClientId is { } clientId ? "client:" + clientId : "ip:" + http.Connection.RemoteIpAddress,
            ClientId = tenant.ClientId,
        };

        // A cached document's operation that passed the per-request rules before for these scopes and
        // cost-bearing variables passes them again: only its cost is charged, and no rule runs (with planning on).
        var passedKey = _options.ExecutionPlanning ? entry?.Operations.KeyFor(request.OperationName, tenant.Scopes, request.Variables) : null;
        IValidationRule[] rules;
        if (passedKey is not null && entry!.Operations.TryGet(passedKey, out var passed))
        {
            if (await cost.ChargeAsync(context, passed.Complexity, passed.Depth) is { } throttled)
            {
                return new GraphQLOutcome(new ExecutionResult { Errors = [throttled] }, context);
            }

            rules = [];
        }
        else
        {
            rules = cached ? [Scopes, cost.Rule] : [.. DocumentValidator.CoreRules, Scopes, cost.Rule];
        }

        ExecutionResult result;
        try
        {
            result = await ExecuteAsync(http, request, query, document!, context, rules);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return new GraphQLOutcome(null, context, Abandoned: true);
        }

        if (result.Executed && !cached)
        {
            entry = cache.Add(hash!, query!, document!);
        }

        if (result.Executed && rules.Length > 0 && _options.ExecutionPlanning)
        {
            passedKey ??= entry!.Operations.KeyFor(request.OperationName, tenant.Scopes, request.Variables);
            if (passedKey is not null)
            {
                entry!.Operations.Remember(passedKey, new OperationCost(context.Complexity, context.Depth));
            }
        }

        return new GraphQLOutcome(result, context);
    }

    private Task<ExecutionResult> ExecuteAsync(
        HttpContext http, GraphQLRequest request, string? query, GraphQLDocument document, GraphQLRequestContext context, IValidationRule[] rules) =>
        executer.ExecuteAsync(new ExecutionOptions
        {
            Query = query,
            Document = document,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = http.RequestServices,
            User = http.User,
            UserContext = context,
            CancellationToken = http.RequestAborted,
            ValidationRules = rules,
            CachedDocumentValidationRules = rules,
            Timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds),
            UnhandledExceptionDelegate = errors.TranslateAsync,
        });

    // The operation the request runs: the named one, or the only one; null when there is none to pick (the library reports it).
    private static GraphQLOperationDefinition? SelectOperation(GraphQLDocument document, string? name)
    {
        GraphQLOperationDefinition? found = null;
        foreach (var definition in document.Definitions)
        {
            if (definition is not GraphQLOperationDefinition operation)
            {
                continue;
            }

            if (name is null)
            {
                if (found is not null)
                {
                    return null;
                }

                found = operation;
            }
            else if (operation.Name is { } n && n.StringValue == name)
            {
                return operation;
            }
        }

        return found;
    }

    // The text of the document and its hash, from the request or, for a persisted-query id alone, from the cache;
    // with the cache's entry when it holds the document.
    private (string? Query, string? Hash, CachedDocument? Entry, ExecutionResult? Failure) ResolveText(GraphQLRequest request)
    {
        var persisted = (request.Extensions?.TryGetValue("persistedQuery", out var value) == true ? value : null) as IDictionary<string, object?>;
        var claimed = persisted?.TryGetValue("sha256Hash", out var h) == true ? h as string : null;
        if (request.Query is null)
        {
            if (claimed is null)
            {
                return (null, null, null, Error("A 'query' is required.", GraphQLErrorCodes.BadRequest));
            }

            return cache.TryGet(claimed.ToLowerInvariant(), out var known)
                ? (known.Query, known.Hash, known, null)
                : (null, null, null, Error("PersistedQueryNotFound", GraphQLErrorCodes.PersistedQueryNotFound));
        }

        // A document sent as text before is found by its text, without hashing it again.
        var entry = cache.TryGetByText(request.Query, out var byText) ? byText : null;
        var hash = entry?.Hash ?? DocumentCache.HashOf(request.Query);
        entry ??= cache.TryGet(hash, out var byHash) ? byHash : null;
        return claimed is not null && !string.Equals(claimed, hash, StringComparison.OrdinalIgnoreCase)
            ? (null, null, null, Error("The persisted query hash does not match the query's SHA-256.", GraphQLErrorCodes.BadRequest))
            : (request.Query, hash, entry, null);
    }

    public static ExecutionResult Error(string message, string code) => new() { Errors = [new ExecutionError(message) { Code = code }] };
}
