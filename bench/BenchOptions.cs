namespace ChatApp.Bench;

/// <summary>
/// Which scenarios to run and how long: full figures by default, a smoke run with --quick.
/// <c>--baseline COMMIT</c> names the older build that send-feed-vs-before measures against.
/// </summary>
public sealed record BenchOptions(IReadOnlyList<string> Scenarios, bool Quick, string Baseline = BenchOptions.DefaultBaseline)
{
    /// <summary>
    /// In this order when all run. history goes last: it seeds ~0.5 GB, and the disk writing that back for
    /// minutes put 100 ms stalls into the delivery scenarios that followed it (run 20261130-042939).
    /// </summary>
    public static readonly string[] All =
        ["startup", "send", "chats", "realtime", "memory", "send-feed-vs-before", "sync", "resume-storm", "typing-storm",
            "send-wrk", "warmup", "web-first-load", "exe-size", "history"];

    /// <summary>The scenarios whose load is wrk (checked for, or installed, before anything is published).</summary>
    public static readonly string[] NeedWrk = ["send-wrk", "warmup"];

    /// <summary>main just before the per-user feed (issue 12) was merged.</summary>
    public const string DefaultBaseline = "2a1aad2";

    public TimeSpan Warmup => TimeSpan.FromSeconds(Quick ? 1 : 2);
    public TimeSpan Window => TimeSpan.FromSeconds(Quick ? 2 : 5);
    public int Rounds => Quick ? 1 : 3;
    public int LargeStore => Quick ? 50_000 : 1_000_000;
    public int SmallStore => Quick ? 2_000 : 10_000;
    public int SeededUsers => Quick ? 50 : 200;
    public int Conversations => Quick ? 200 : 1_000;
    /// <summary>Idle hub connections the memory scenario opens, in steps.</summary>
    public int[] HubConnections => Quick ? [200, 1_000] : [1_000, 10_000];
    /// <summary>realtime: delivery at 1,000 connections, 200 messages/s, measured in three separate runs.</summary>
    public int DeliveryConnections => Quick ? 200 : 1_000;
    public int DeliveryRate => 200;
    public int DeliveryRuns => Quick ? 1 : 3;
    /// <summary>realtime: the crowd, 10,000 connections at 1,000 messages/s.</summary>
    public int CrowdConnections => Quick ? 1_000 : 10_000;
    public int CrowdRate => Quick ? 200 : 1_000;
    /// <summary>Window of each realtime run: longer than elsewhere, so that a p99 rests on thousands of messages.</summary>
    public TimeSpan DeliveryWindow => TimeSpan.FromSeconds(Quick ? 3 : 10);
    public int StartupRuns => Quick ? 2 : 5;

    /// <summary>send-wrk: each measured wrk run's length.</summary>
    public TimeSpan WrkWindow => TimeSpan.FromSeconds(Quick ? 3 : 10);
    /// <summary>
    /// send-wrk: the unmeasured run of each server first, 10 s even with --quick: under this load a fresh
    /// ChatApp needs ~12 s to reach its steady rate (warmup scenario), so 3 s would measure the JIT.
    /// </summary>
    public TimeSpan WrkWarmup => TimeSpan.FromSeconds(10);

    /// <summary>Rounds of the before/after alternation: more than elsewhere, since its ratio is the figure.</summary>
    public int BaselineRounds => Quick ? 1 : 7;
    /// <summary>Events in the feed that the sync scenario catches up on, in pages of <see cref="SyncPage"/>.</summary>
    public int SyncEvents => 10_000;
    public int SyncPage => 1_000;
    public int SyncRounds => Quick ? 3 : 10;
    /// <summary>
    /// Whole catch-ups before the measured ones: the server's CPU per page falls from ~80 to ~23 ms over the
    /// first ~12 (tiered JIT recompiling the read path), so fewer would measure the JIT, not the feed.
    /// </summary>
    public int SyncWarmupRounds => Quick ? 5 : 20;
    public int StormConnections => Quick ? 200 : 1_000;

    /// <summary>typing-storm: Typing calls per second per connection, and the message rate measured beside them.</summary>
    public int TypingPerConnection => 10;
    public int TypingStormMessageRate => 200;
    /// <summary>typing-storm: baseline/storm pairs, and each run's measured window (longer than elsewhere, for its p99).</summary>
    public int TypingStormRounds => Quick ? 1 : 3;
    public TimeSpan TypingStormWindow => TimeSpan.FromSeconds(Quick ? 3 : 10);

    public static BenchOptions Parse(string[] args)
    {
        var quick = false;
        var baseline = DefaultBaseline;
        var names = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--baseline":
                    if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                        throw new ArgumentException("--baseline needs a commit (a hash, tag or branch)");
                    baseline = args[++i];
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    throw new ArgumentException($"unknown option {option}; known: --quick, --baseline COMMIT");
                default:
                    names.Add(args[i].ToLowerInvariant());
                    break;
            }
        }
        var unknown = names.Except(All).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"unknown scenario(s): {string.Join(", ", unknown)}; known: {string.Join(", ", All)}");
        return new BenchOptions(names.Count == 0 ? All : All.Where(names.Contains).ToList(), quick, baseline);
    }
}
