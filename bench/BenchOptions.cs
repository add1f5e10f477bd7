namespace ChatApp.Bench;

/// <summary>Which scenarios to run and how long: full figures by default, a smoke run with --quick.</summary>
public sealed record BenchOptions(IReadOnlyList<string> Scenarios, bool Quick)
{
    public static readonly string[] All = ["startup", "send", "history", "chats", "realtime", "memory"];

    public TimeSpan Warmup => TimeSpan.FromSeconds(Quick ? 1 : 2);
    public TimeSpan Window => TimeSpan.FromSeconds(Quick ? 2 : 5);
    public int Rounds => Quick ? 1 : 3;
    public int LargeStore => Quick ? 50_000 : 1_000_000;
    public int SmallStore => Quick ? 2_000 : 10_000;
    public int SeededUsers => Quick ? 50 : 200;
    public int Conversations => Quick ? 200 : 1_000;
    public int[] HubConnections => Quick ? [200, 500] : [1_000, 5_000];
    /// <summary>Messages per second offered through the hub: each of 1,000 users sends one every 2 s.</summary>
    public int HubRate => Quick ? 200 : 500;
    public int StartupRuns => Quick ? 2 : 5;

    public static BenchOptions Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => a.ToLowerInvariant()).ToList();
        var unknown = names.Except(All).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"unknown scenario(s): {string.Join(", ", unknown)}; known: {string.Join(", ", All)}");
        return new BenchOptions(names.Count == 0 ? All : All.Where(names.Contains).ToList(), quick);
    }
}
