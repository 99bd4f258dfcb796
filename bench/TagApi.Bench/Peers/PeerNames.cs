namespace TagApi.Bench.Peers;

/// <summary>How the report names each peer.</summary>
public static class PeerNames
{
    public const string Floor = "Bare fused bitmap loop (floor)";
    public const string Gin = "PostgreSQL int[] + GIN (@@ query_int)";
    public const string Intersect = "Junction SQL: INTERSECT/EXCEPT";
    public const string Exists = "Junction SQL: EXISTS chain";
    public const string DuckList = "DuckDB in-process: INTEGER[] + list_contains";
    public const string DuckJunction = "DuckDB in-process: junction INTERSECT/EXCEPT";
    public const string DuckListPage = "DuckDB in-process: INTEGER[] ORDER BY Id LIMIT 50";
    public const string DuckJunctionPage = "DuckDB in-process: junction ORDER BY id LIMIT 50";
    public const string GinPage = "GIN: ORDER BY customer_id LIMIT 50";
    public const string ExistsPage = "Junction EXISTS: ORDER BY Id LIMIT 50";
    public const string CopyBinaryGin = "COPY … TO STDOUT binary, members via GIN";
    public const string CopyBinaryExists = "COPY … TO STDOUT binary, members via EXISTS";
    public const string CopyTextGin = "COPY … TO STDOUT text, members via GIN";
    public const string CopyTextExists = "COPY … TO STDOUT text, members via EXISTS";
    public const string DuckListExport = "DuckDB in-process: INTEGER[] members, read whole";
    public const string DuckJunctionExport = "DuckDB in-process: junction members, read whole";
}
