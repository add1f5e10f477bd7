namespace ChatApp.Bench.Infrastructure;

/// <summary>One measured window: completed operations per second and latency in milliseconds.</summary>
public sealed record Measurement(
    long Operations, long Errors, double Seconds, double P50Ms, double P99Ms, double MaxMs, double? ServerCpuSeconds)
{
    public double PerSecond => Operations / Seconds;

    /// <summary>Server CPU time per operation, in milliseconds, when the server's CPU was sampled.</summary>
    public double? CpuMsPerOp => ServerCpuSeconds is { } cpu && Operations > 0 ? cpu * 1000 / Operations : null;

    /// <summary>CPU seconds the load generator itself used over the window, when it runs as a process of its own (wrk).</summary>
    public double? GeneratorCpuSeconds { get; init; }

    /// <summary>
    /// The generator's share of the CPU that the generator and the server used together: on a 2-core box
    /// both compete for the same cores, so a high share means the figure is partly the generator's.
    /// </summary>
    public double? GeneratorCpuShare =>
        GeneratorCpuSeconds is { } generator && ServerCpuSeconds is { } server && generator + server > 0
            ? generator / (generator + server)
            : null;

    /// <summary>The median of each figure over several rounds (max stays the max).</summary>
    public static Measurement Median(IReadOnlyList<Measurement> rounds) => new(
        (long)Med(rounds.Select(r => (double)r.Operations)),
        rounds.Sum(r => r.Errors),
        Med(rounds.Select(r => r.Seconds)),
        Med(rounds.Select(r => r.P50Ms)),
        Med(rounds.Select(r => r.P99Ms)),
        rounds.Max(r => r.MaxMs),
        rounds.All(r => r.ServerCpuSeconds is not null) ? Med(rounds.Select(r => r.ServerCpuSeconds!.Value)) : null)
    {
        GeneratorCpuSeconds = rounds.All(r => r.GeneratorCpuSeconds is not null)
            ? Med(rounds.Select(r => r.GeneratorCpuSeconds!.Value))
            : null,
    };

    public static double Med(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
