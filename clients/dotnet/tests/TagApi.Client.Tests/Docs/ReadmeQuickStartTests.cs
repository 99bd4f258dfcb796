using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using TagApi.Client.Tests.Infrastructure;

namespace TagApi.Client.Tests.Docs;

/// <summary>The quick start in clients/dotnet/README.md, run exactly as written, so the README cannot drift from the SDK.</summary>
[Collection(LiveServerCollection.Name)]
public sealed class ReadmeQuickStartTests(LiveServer server)
{
    private const string Begin = "<!-- quickstart:begin -->";
    private const string End = "<!-- quickstart:end -->";

    [Fact]
    public void The_quick_start_is_about_ten_lines()
    {
        var lines = QuickStart().Split('\n').Count(l => !string.IsNullOrWhiteSpace(l));

        Assert.InRange(lines, 5, 12);
    }

    [Fact]
    public async Task The_quick_start_runs_as_written_against_a_live_server()
    {
        var options = await server.CreateTenantAsync();
        var script = CSharpScript.Create(QuickStart(), ScriptOptions.Default
            .WithReferences(References())
            .WithImports("System", "System.Linq", "System.Collections.Generic", "System.Threading.Tasks"));
        Assert.Empty(script.Compile().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));

        using (await EnvironmentVariables.ForClientAsync(options))
        {
            await script.RunAsync();
        }

        var api = TagApiClient.Create(options);
        var member = Assert.Single(await api.ListAllTagCustomersAsync("vip").ToListAsync());
        Assert.Equal("shop-1001", member.ExternalId);
    }

    private static string QuickStart()
    {
        var readme = File.ReadAllText(Repository.Path("clients", "dotnet", "README.md"));
        var start = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"clients/dotnet/README.md must hold the quick start between {Begin} and {End}");
        var block = readme[(start + Begin.Length)..end].Trim();
        Assert.StartsWith("```csharp", block, StringComparison.Ordinal);
        Assert.EndsWith("```", block, StringComparison.Ordinal);
        return block["```csharp".Length..^3];
    }

    private static IEnumerable<string> References()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Directory.GetFiles(runtime, "System*.dll").Append(Path.Combine(runtime, "netstandard.dll"))
            .Where(f => !f.Contains(".Native.", StringComparison.Ordinal))
            .Append(typeof(TagApiClient).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.Primitives.StringValues).Assembly.Location);
    }
}
