namespace ChatApp.Bench.Infrastructure;

/// <summary>
/// ChatApp and its floors measured in turn (A B C A B C …), so that drift in the machine's load hits
/// all of them; a ratio is the median of each round's ChatApp/floor ratio.
/// </summary>
public sealed class Alternation
{
    readonly List<Measurement>[] _rounds;

    Alternation(List<Measurement>[] rounds) => _rounds = rounds;

    /// <summary>Index 0 is ChatApp, the others its floors.</summary>
    public static async Task<Alternation> RunAsync(int rounds, params Func<Task<Measurement>>[] contenders)
    {
        var results = contenders.Select(_ => new List<Measurement>()).ToArray();
        for (var round = 0; round < rounds; round++)
            for (var i = 0; i < contenders.Length; i++)
                results[i].Add(await contenders[i]());
        return new Alternation(results);
    }

    public Measurement ChatApp => Measurement.Median(_rounds[0]);

    public Measurement Floor(int index) => Measurement.Median(_rounds[index]);

    /// <summary>ChatApp's throughput over the floor's: below 1 is slower.</summary>
    public double ThroughputRatio(int floor) => ThroughputRatio(0, floor);

    /// <summary>Each round's ChatApp/floor throughput ratio, in round order.</summary>
    public IReadOnlyList<double> ThroughputRatios(int floor) => ThroughputRatios(0, floor);

    /// <summary>Every round of one contender, in round order.</summary>
    public IReadOnlyList<Measurement> Rounds(int index) => _rounds[index];

    /// <summary>Contender <paramref name="of"/>'s throughput over <paramref name="over"/>'s, the median of the per-round ratios.</summary>
    public double ThroughputRatio(int of, int over) => Measurement.Med(ThroughputRatios(of, over));

    /// <summary>Each round's throughput ratio of one contender over another, in round order.</summary>
    public IReadOnlyList<double> ThroughputRatios(int of, int over) =>
        _rounds[of].Zip(_rounds[over], (a, b) => a.PerSecond / b.PerSecond).ToList();

    /// <summary>ChatApp's median latency over the floor's: above 1 is slower.</summary>
    public double LatencyRatio(int floor) =>
        Measurement.Med(_rounds[0].Zip(_rounds[floor], (a, b) => a.P50Ms / b.P50Ms));
}
