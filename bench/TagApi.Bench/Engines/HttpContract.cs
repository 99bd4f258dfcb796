namespace TagApi.Bench.Engines;

/// <summary>
/// The parts of TagApi's public contract (PRODUCT.md §2) the HTTP subject relies on, in one place,
/// so a change on the server side is a change here.
/// </summary>
public static class HttpContract
{
    public const string Token = "/connect/token";

    /// <summary>Ad-hoc query: body <c>{ query, limit[, cursor] }</c> → <c>{ count, data: [{ id: "cus_…" }], nextCursor }</c>.</summary>
    public const string Query = "/v1/segments/query";

    /// <summary>
    /// A count asks for no members: with <c>limit: 0</c> the ad-hoc endpoint answers the exact count alone.
    /// </summary>
    public const int CountLimit = 0;

    /// <summary>Saved segments: body <c>{ key, name, query }</c>; an existing key answers 409.</summary>
    public const string Segments = "/v1/segments";

    /// <summary>
    /// Streams every member of a saved segment as NDJSON, one <c>{ "id": "cus_…", … }</c> per line.
    /// The <c>fields</c> parameter asks for just the id, or the id and e-mail.
    /// </summary>
    public static string Export(string key, ExportFields fields) =>
        $"/v1/segments/{key}/export?format=ndjson&fields={(fields == ExportFields.Ids ? "id" : "id,email")}";
}
