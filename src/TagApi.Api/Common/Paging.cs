using Microsoft.AspNetCore.Mvc;
using TagApi.Core.Common;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Common;

/// <summary>The <c>limit</c> and <c>cursor</c> query parameters every list takes.</summary>
public sealed record ListQuery
{
    /// <summary>Items per page, 1–200 (default 50).</summary>
    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    [FromQuery(Name = "cursor")]
    public string? Cursor { get; init; }
}

/// <summary>A page of a list: <c>nextCursor</c> is null on the last page.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Data, string? NextCursor);

/// <summary>Turns list query parameters into page requests and pages into responses.</summary>
public sealed class Paging(CursorCodec cursors, TenantContext tenant)
{
    public PageRequest Request(string list, ListQuery query)
    {
        var limit = LimitOf(query);
        long? after = string.IsNullOrEmpty(query.Cursor) ? null : cursors.Decode(list, tenant.RequiredTenantId, query.Cursor);
        return new PageRequest(limit, after);
    }

    /// <summary>The page size a list asked for: 1–200, 50 when not given.</summary>
    public static int LimitOf(ListQuery query)
    {
        var limit = query.Limit ?? PageRequest.DefaultLimit;
        return limit is < 1 or > PageRequest.MaxLimit
            ? throw new ValidationFailedException("limit", $"limit is between 1 and {PageRequest.MaxLimit}.")
            : limit;
    }

    public ListResponse<TOut> Response<TIn, TOut>(string list, Page<TIn> page, Func<TIn, long> keyOf, Func<TIn, TOut> map)
    {
        var next = page.HasMore && page.Items.Count > 0 ? cursors.Encode(list, tenant.RequiredTenantId, keyOf(page.Items[^1])) : null;
        return new ListResponse<TOut>(page.Items.Select(map).ToList(), next);
    }
}
