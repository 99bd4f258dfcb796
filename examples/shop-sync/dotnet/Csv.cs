namespace ShopSync;

/// <summary>Just enough CSV for the sample files: a header line, comma-separated values, no quoting.</summary>
public static class Csv
{
    public static IEnumerable<IReadOnlyDictionary<string, string>> Read(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',') ?? [];
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            yield return header.Select((name, i) => (name, value: i < cells.Length ? cells[i].Trim() : ""))
                .ToDictionary(c => c.name, c => c.value, StringComparer.Ordinal);
        }
    }
}
