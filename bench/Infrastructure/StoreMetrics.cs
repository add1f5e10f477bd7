using System.Globalization;
using System.Text.RegularExpressions;

namespace ChatApp.Bench.Infrastructure;

/// <summary>
/// What ChatApp's store did over a run, read from its Prometheus endpoint (metrics on, on a port of their own):
/// how many fsyncs and checkpoints it ran, and how many of them took longer than 10 ms (writes wait for both).
/// </summary>
public sealed partial class StoreMetrics(int port) : IDisposable
{
    public const double SlowSeconds = 0.01;

    readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

    /// <summary>The environment that turns ChatApp's metrics on at <paramref name="port"/>.</summary>
    public static Dictionary<string, string> Environment(int port) => new()
    {
        ["Metrics__Enabled"] = "true",
        ["Metrics__Port"] = port.ToString(CultureInfo.InvariantCulture),
    };

    public async Task<StoreCounts> ReadAsync()
    {
        var text = await _http.GetStringAsync("metrics");
        return new StoreCounts(
            Bucket(text, "chatapp_db_fsync_duration_seconds", "+Inf"),
            Bucket(text, "chatapp_db_fsync_duration_seconds", "+Inf") - Bucket(text, "chatapp_db_fsync_duration_seconds", Slow),
            Bucket(text, "chatapp_db_checkpoint_duration_seconds", "+Inf"),
            Bucket(text, "chatapp_db_checkpoint_duration_seconds", "+Inf") - Bucket(text, "chatapp_db_checkpoint_duration_seconds", Slow));
    }

    static readonly string Slow = SlowSeconds.ToString(CultureInfo.InvariantCulture);

    /// <summary>A cumulative bucket's count (0 before the first measurement, when the series is not exported yet).</summary>
    static long Bucket(string text, string histogram, string le)
    {
        foreach (Match m in BucketLine().Matches(text))
            if (m.Groups["name"].Value == histogram && m.Groups["le"].Value == le)
                return long.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture);
        return 0;
    }

    [GeneratedRegex("""^(?<name>[a-z_]+)_bucket\{[^}]*le="(?<le>[^"]+)"\} (?<count>\d+)""", RegexOptions.Multiline)]
    private static partial Regex BucketLine();

    public void Dispose() => _http.Dispose();
}

/// <summary>Counts since the server started; subtract two readings for a run.</summary>
public sealed record StoreCounts(long Fsyncs, long SlowFsyncs, long Checkpoints, long SlowCheckpoints)
{
    public static StoreCounts operator -(StoreCounts a, StoreCounts b) =>
        new(a.Fsyncs - b.Fsyncs, a.SlowFsyncs - b.SlowFsyncs, a.Checkpoints - b.Checkpoints, a.SlowCheckpoints - b.SlowCheckpoints);
}
