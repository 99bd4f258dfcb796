namespace TagApi.Bench.Data;

/// <summary>One timed loading step: how many rows, how long, how fast.</summary>
public sealed record LoadStep(string Name, long Rows, double Seconds)
{
    public double RowsPerSecond => Seconds > 0 ? Rows / Seconds : 0;
}

/// <summary>The generated data as it sits in one database: who the tenant is and where the tags went.</summary>
public sealed record Dataset(
    DatabaseTarget Target,
    int Customers,
    long Assignments,
    long TenantId,
    IReadOnlyDictionary<string, long> TagIds,
    DateTime Anchor,
    string ClientId,
    string ClientSecret,
    IReadOnlyList<LoadStep> LoadSteps,
    bool Reused)
{
    public long TagId(string key) => TagIds[key];
}

/// <summary>Each customer's tags (indexes into <see cref="TagCatalog.All"/>), stored compactly row after row.</summary>
public sealed class TagMatrix
{
    private int[] _offsets;
    private byte[] _tags;
    private int _rows;

    public TagMatrix(int customers)
    {
        _offsets = new int[customers + 1];
        _tags = new byte[Math.Max(16, customers * 11)];
    }

    public int Rows => _rows;

    public long Total => _offsets[_rows];

    public void Append(ReadOnlySpan<byte> tags)
    {
        var start = _offsets[_rows];
        if (start + tags.Length > _tags.Length)
        {
            Array.Resize(ref _tags, _tags.Length * 2);
        }

        tags.CopyTo(_tags.AsSpan(start));
        _offsets[++_rows] = start + tags.Length;
    }

    public ReadOnlySpan<byte> Of(int row) => _tags.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);

    internal void Trim() => _offsets = _offsets[..(_rows + 1)];
}
