using System.Net;
using System.Text.Json.Nodes;

namespace TagApi.Api.Tests.Security;

/// <summary>
/// Sends probes and gathers what went wrong, so that a matrix reports every failing case at once
/// instead of the first. Each probe is bounded by a cancellation timeout: one that takes longer fails.
/// </summary>
public sealed class Probe
{
    /// <summary>The bound on a refused request (the bad-input corpus); generous for the matrices, which do real work.</summary>
    public static readonly TimeSpan Fast = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan Patient = TimeSpan.FromSeconds(30);

    private readonly List<string> _failures = [];

    public int Count { get; private set; }

    public IReadOnlyList<string> Failures => _failures;

    public static async Task<ProbeAnswer> SendAsync(HttpClient http, HttpRequestMessage request, TimeSpan bound)
    {
        var description = $"{request.Method} {Shorten(request.RequestUri?.OriginalString ?? "")}";
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            return new ProbeAnswer(description, response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new ProbeAnswer(description, 0, null, $"no answer within {bound.TotalSeconds:0.#} s");
        }
        finally
        {
            request.Dispose();
        }
    }

    /// <summary>Sends and checks; a failed check is recorded with the answer, not thrown.</summary>
    public async Task<ProbeAnswer> CheckAsync(HttpClient http, HttpRequestMessage request, TimeSpan bound, Func<ProbeAnswer, string?> problem, string? label = null)
    {
        var answer = await SendAsync(http, request, bound);
        Count++;
        if (answer.Status == 0 || problem(answer) is { } what)
        {
            _failures.Add($"{(label is null ? "" : label + ": ")}{(answer.Status == 0 ? "too slow" : problem(answer))} — {answer}");
        }

        return answer;
    }

    public void Fail(string failure) => _failures.Add(failure);

    /// <summary>Records a check made by the caller.</summary>
    public void Check(bool passed, string failure)
    {
        Count++;
        if (!passed)
        {
            _failures.Add(failure);
        }
    }

    /// <summary>Fails the test with every recorded failure.</summary>
    public void AssertNone(string what)
    {
        Assert.True(Count > 0 || _failures.Count > 0, $"{what}: nothing was probed");
        Assert.True(_failures.Count == 0, $"{what}: {_failures.Count} of {Count} probe(s) failed:\n" + string.Join('\n', _failures.Take(60)));
    }

    /// <summary>A 4xx problem with a code, one of <paramref name="statuses"/> when given.</summary>
    public static Func<ProbeAnswer, string?> RefusedWith(params int[] statuses) => answer =>
        (statuses.Length > 0 ? !statuses.Contains((int)answer.Status) : (int)answer.Status is < 400 or >= 500) ? $"expected {(statuses.Length > 0 ? string.Join("/", statuses) : "4xx")}"
        : !answer.IsProblem ? "expected a problem+json body with a code"
        : null;

    /// <summary>A problem of <paramref name="status"/> whose code is one of <paramref name="codes"/>.</summary>
    public static Func<ProbeAnswer, string?> RefusedAs(int status, params string[] codes) => answer =>
        RefusedWith(status)(answer) ?? (codes.Contains(answer.Code) ? null : $"expected code {string.Join(" or ", codes)}");

    private static string Shorten(string text) => text.Length > 160 ? text[..160] + $"…({text.Length} chars)" : text;
}
