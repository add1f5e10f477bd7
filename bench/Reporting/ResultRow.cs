namespace ChatApp.Bench.Reporting;

/// <summary>
/// One line of the table. <see cref="VsFloor"/> is ChatApp divided by the floor, as the median of the
/// per-round ratios: for throughput below 1 means slower than the floor, for latency above 1 does.
/// </summary>
public sealed record ResultRow(string Scenario, string Case)
{
    public double? PerSecond { get; init; }
    public double? P50Ms { get; init; }
    public double? P99Ms { get; init; }
    public double? MaxMs { get; init; }
    public long? Errors { get; init; }
    public double? VsFloor { get; init; }
    public string? FloorName { get; init; }
    public Dictionary<string, double> Figures { get; init; } = [];
    public string? Note { get; init; }
    public string? Target { get; init; }
    public bool? TargetMet { get; init; }
}
