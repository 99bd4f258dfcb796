using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Validation;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Options;
using TagApi.Core.Tenancy;

namespace TagApi.Api.GraphQL;

/// <summary>What became of a request: a result to write, or a refusal of the HTTP method (405).</summary>
public sealed record GraphQLOutcome(ExecutionResult? Result, GraphQLRequestContext? Context, bool MutationOverGet = false);

/// <summary>
/// Turns one read request into a result: finds the document (persisted id, cache or parser),
/// refuses mutations over GET, then validates and executes with the caller's limits.
/// </summary>
public sealed class GraphQLExecutor(
    IDocumentExecuter<TagApiSchema> executer, DocumentCache cache, CostLimits cost, GraphQLErrors errors, IOptions<GraphQLOptions> options)
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

        if (isGet && SelectOperation(document!, request.OperationName)?.Operation == OperationType.Mutation)
        {
            return new GraphQLOutcome(null, null, MutationOverGet: true);
        }

        var tenant = http.RequestServices.GetRequiredService<TenantContext>();
        var context = new GraphQLRequestContext
        {
            Caller = tenant.ClientId is { } clientId ? "client:" + clientId : "ip:" + http.Connection.RemoteIpAddress,
            ClientId = tenant.ClientId,
        };

        // A cached document's operation that passed the per-request rules before for these scopes and
        // cost-bearing variables passes them again: only its cost is charged, and no rule runs.
        var passedKey = entry?.Operations.KeyFor(request.OperationName, tenant.Scopes, request.Variables);
        IValidationRule[] rules;
        if (passedKey is not null && entry!.Operations.TryGet(passedKey, out var passed))
        {
            if (cost.Charge(context, passed.Complexity, passed.Depth) is { } throttled)
            {
                return new GraphQLOutcome(new ExecutionResult { Errors = [throttled] }, context);
            }

            rules = [];
        }
        else
        {
            rules = cached ? [Scopes, cost.Rule] : [.. DocumentValidator.CoreRules, Scopes, cost.Rule];
        }

        var result = await executer.ExecuteAsync(new ExecutionOptions
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

        if (result.Executed && rules.Length > 0)
        {
            entry = cached ? entry : cache.Add(hash!, query!, document!);
            passedKey ??= entry!.Operations.KeyFor(request.OperationName, tenant.Scopes, request.Variables);
            if (passedKey is not null)
            {
                entry!.Operations.Remember(passedKey, new OperationCost(context.Complexity, context.Depth));
            }
        }

        return new GraphQLOutcome(result, context);
    }

    private static GraphQLOperationDefinition? SelectOperation(GraphQLDocument document, string? name)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        return name is null
            ? operations.Count == 1 ? operations[0] : null
            : operations.FirstOrDefault(o => o.Name is { } n && n.StringValue == name);
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
