using System.Security.Cryptography;
using ChatApp.Bench.Floors;
using ChatApp.Bench.Infrastructure;
using ChatApp.Bench.Reporting;

namespace ChatApp.Bench.Scenarios;

/// <summary>
/// Durable sends (POST /message/{id}) at c=64 with wrk as the load, not the bench's .NET loop (which on 2
/// cores bounds the figure itself): ChatApp's current tree, ChatApp at --baseline (before the feed) and the
/// framework floor (JWT validation and JSON binding as ChatApp configures them, no storage), all three up at
/// once. Two layouts: one conversation (two users sending to each other, as issue 16 measured, where its
/// targets apply) and 64 conversations (64 users, user i sending to user i+1: every message changes other
/// pages). One warm-up run of each server, then rounds in turn (current, baseline, floor, …); ratios are
/// medians of the per-round ratios.
/// </summary>
public static class SendWrkScenario
{
    const string Body = "a benchmark message of a realistic length, about sixty characters";

    public static async Task RunAsync(BenchContext ctx)
    {
        await RunAsync(ctx, users: 2, "one conversation", withTargets: true);
        await RunAsync(ctx, users: Wrk.Connections, $"{Wrk.Connections} conversations", withTargets: false);
    }

    static async Task RunAsync(BenchContext ctx, int users, string layout, bool withTargets)
    {
        Console.WriteLine($"  {layout}:");
        var baseline = await ServerBuild.PublishCommitAsync(ctx.Options.Baseline);
        var current = ServerBuild.Current;
        var key = RandomNumberGenerator.GetBytes(64);
        await using var now = await ChildServer.StartChatAppAsync(ctx.NewDbPath($"send-wrk-{users}"));
        await using var before = await ChildServer.StartChatAppAsync(ctx.NewDbPath($"send-wrk-{users}-before"), binary: baseline);
        await using var floor = await ChildServer.StartFrameworkFloorAsync(key);
        using var nowApi = new ApiClient(now.BaseAddress);
        using var beforeApi = new ApiClient(before.BaseAddress);
        var scripts = Path.Combine(ctx.TempDir, "wrk");
        var nowScript = Wrk.WriteSendScript(scripts, $"send-now-{users}", await nowApi.CreateUsersAsync("sender", users), Body);
        var beforeScript = Wrk.WriteSendScript(scripts, $"send-before-{users}", await beforeApi.CreateUsersAsync("sender", users), Body);
        var floorScript = Wrk.WriteSendScript(scripts, $"send-floor-{users}", FrameworkFloor.IssueUsers(key, users), Body);
        var window = ctx.Options.WrkWindow;

        Func<Task<Measurement>> Sends(ChildServer server, string script, TimeSpan length) => async () =>
        {
            var run = await Wrk.RunAsync(server, script, length);
            Console.WriteLine($"    {server.Name} ({length.TotalSeconds:0} s): {run.Summary}");
            return run.Measurement;
        };

        foreach (var (server, script) in new[] { (now, nowScript), (before, beforeScript), (floor, floorScript) })
            await Sends(server, script, ctx.Options.WrkWarmup)();
        var loadBefore = ProcStats.LoadAverage1();
        var runs = await Alternation.RunAsync(ctx.Options.Rounds,
            Sends(now, nowScript, window), Sends(before, beforeScript, window), Sends(floor, floorScript, window));
        var load = ProcStats.LoadAverage1();
        var feed = runs.ChatApp;
        var old = runs.Floor(1);
        var bare = runs.Floor(2);
        var vsFloor = runs.ThroughputRatio(0, 2);
        var vsBefore = runs.ThroughputRatio(0, 1);
        var floorRatios = runs.ThroughputRatios(0, 2);
        var beforeRatios = runs.ThroughputRatios(0, 1);
        double Share(int index) => Measurement.Med(runs.Rounds(index).Select(r => r.GeneratorCpuShare ?? double.NaN));
        var common = $"{layout}, wrk -t{Wrk.Threads} -c{Wrk.Connections}, {window.TotalSeconds:0} s windows, {ctx.Options.Rounds} round(s) after a {ctx.Options.WrkWarmup.TotalSeconds:0} s warm-up run of each";

        ctx.Report.Add(new ResultRow("send-wrk", $"c={Wrk.Connections} {layout} with the feed (wrk) ({current.Label})")
        {
            PerSecond = feed.PerSecond,
            P50Ms = feed.P50Ms,
            P99Ms = feed.P99Ms,
            MaxMs = feed.MaxMs,
            Errors = feed.Errors,
            VsFloor = vsFloor,
            FloorName = "framework floor",
            Figures = new()
            {
                ["before-feed/s"] = old.PerSecond,
                ["× before"] = vsBefore,
                ["framework floor/s"] = bare.PerSecond,
                ["generator cpu share"] = Share(0),
                ["before generator cpu share"] = Share(1),
                ["floor generator cpu share"] = Share(2),
                ["server cpu ms/msg"] = feed.CpuMsPerOp ?? double.NaN,
                ["before server cpu ms/msg"] = old.CpuMsPerOp ?? double.NaN,
                ["floor server cpu ms/req"] = bare.CpuMsPerOp ?? double.NaN,
                ["lowest round ratio"] = floorRatios.Min(),
                ["highest round ratio"] = floorRatios.Max(),
                ["rounds"] = ctx.Options.Rounds,
                ["load 1m before"] = loadBefore,
                ["load 1m after"] = load,
            },
            Note = $"{common}; generator cpu share = wrk cpu / (wrk + server cpu) over the same run",
            Target = withTargets ? "≥ 0.4× framework floor, p99 ≤ 20 ms" : null,
            TargetMet = withTargets ? vsFloor >= 0.4 && feed.P99Ms <= 20 : null,
        });
        // Issue 12's target on the same runs, on a row of its own so that each target has its own verdict.
        ctx.Report.Add(new ResultRow("send-wrk", $"c={Wrk.Connections} {layout} with the feed vs before the feed (wrk)")
        {
            PerSecond = feed.PerSecond,
            P99Ms = feed.P99Ms,
            VsFloor = vsBefore,
            FloorName = $"before the feed ({baseline.Label})",
            Figures = new()
            {
                ["before-feed/s"] = old.PerSecond,
                ["p99 × before"] = feed.P99Ms / old.P99Ms,
                ["cpu ms/msg × before"] = (feed.CpuMsPerOp ?? double.NaN) / (old.CpuMsPerOp ?? double.NaN),
                ["lowest round ratio"] = beforeRatios.Min(),
                ["highest round ratio"] = beforeRatios.Max(),
            },
            Note = common,
            Target = withTargets ? "≥ 0.85× before the feed (issue 12)" : null,
            TargetMet = withTargets ? vsBefore >= 0.85 : null,
        });
        ctx.Report.Add(new ResultRow("send-wrk", $"c={Wrk.Connections} {layout} before the feed (wrk) ({baseline.Label})")
        {
            PerSecond = old.PerSecond,
            P50Ms = old.P50Ms,
            P99Ms = old.P99Ms,
            MaxMs = old.MaxMs,
            Errors = old.Errors,
            VsFloor = runs.ThroughputRatio(1, 2),
            FloorName = "framework floor",
            Figures = new()
            {
                ["generator cpu share"] = Share(1),
                ["server cpu ms/msg"] = old.CpuMsPerOp ?? double.NaN,
                ["load 1m after"] = load,
            },
            Note = common,
        });
        ctx.Report.Add(new ResultRow("send-wrk", $"c={Wrk.Connections} {layout} framework floor (wrk)")
        {
            PerSecond = bare.PerSecond,
            P50Ms = bare.P50Ms,
            P99Ms = bare.P99Ms,
            MaxMs = bare.MaxMs,
            Errors = bare.Errors,
            Figures = new()
            {
                ["generator cpu share"] = Share(2),
                ["server cpu ms/req"] = bare.CpuMsPerOp ?? double.NaN,
                ["load 1m after"] = load,
            },
            Note = $"{common}; JWT bearer (HS256, as ChatApp validates) + JSON body binding + 201 Message, no storage",
        });
    }
}
