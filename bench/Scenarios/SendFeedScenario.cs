using System.Net;
using System.Text;
using ChatApp.Bench.Infrastructure;
using ChatApp.Bench.Reporting;

namespace ChatApp.Bench.Scenarios;

/// <summary>
/// Durable sends (POST /message/{id}, c=64) on the current tree, which writes each message's events into
/// both participants' feeds in the same batch, against ChatApp as it was before the feed (--baseline,
/// default main before issue 12): both servers up at once on databases of their own, measured in turn
/// (current, baseline, current, …) so that the shared machine's drift hits both.
/// </summary>
public static class SendFeedScenario
{
    const int Concurrency = 64;
    const string Body = "a benchmark message of a realistic length, about sixty characters";

    public static async Task RunAsync(BenchContext ctx)
    {
        var baseline = await ServerBuild.PublishCommitAsync(ctx.Options.Baseline);
        var current = ServerBuild.Current;
        await using var now = await ChildServer.StartChatAppAsync(ctx.NewDbPath("send-feed"));
        await using var before = await ChildServer.StartChatAppAsync(ctx.NewDbPath("send-before"), binary: baseline);
        using var nowApi = new ApiClient(now.BaseAddress);
        using var beforeApi = new ApiClient(before.BaseAddress);
        var nowUsers = await nowApi.CreateUsersAsync("sender", Concurrency);
        var beforeUsers = await beforeApi.CreateUsersAsync("sender", Concurrency);
        var json = Encoding.UTF8.GetBytes($"{{\"body\":\"{Body}\"}}");

        Func<Task<Measurement>> Sends(ApiClient api, BenchUser[] users, ChildServer server) => () =>
            ctx.Loop(Concurrency, async w =>
                await api.SendAsync(HttpMethod.Post, $"/message/{Recipient(users, w).Id}", users[w].Token, json)
                    == HttpStatusCode.Created, server);

        var loadBefore = ProcStats.LoadAverage1();
        var runs = await Alternation.RunAsync(ctx.Options.BaselineRounds,
            Sends(nowApi, nowUsers, now), Sends(beforeApi, beforeUsers, before));
        var load = ProcStats.LoadAverage1();
        var feed = runs.ChatApp;
        var old = runs.Floor(1);
        var ratio = runs.ThroughputRatio(1);
        var ratios = runs.ThroughputRatios(1);
        ctx.Report.Add(new ResultRow("send-feed-vs-before", $"c={Concurrency}, with the feed ({current.Label})")
        {
            PerSecond = feed.PerSecond,
            P50Ms = feed.P50Ms,
            P99Ms = feed.P99Ms,
            MaxMs = feed.MaxMs,
            Errors = feed.Errors,
            VsFloor = ratio,
            FloorName = $"before the feed ({baseline.Label})",
            Figures = new()
            {
                ["before/s"] = old.PerSecond,
                ["before p99 ms"] = old.P99Ms,
                ["p99 × before"] = feed.P99Ms / old.P99Ms,
                ["lowest round ratio"] = ratios.Min(),
                ["highest round ratio"] = ratios.Max(),
                ["server cpu ms/msg"] = feed.CpuMsPerOp ?? double.NaN,
                ["cpu ms/msg × before"] = (feed.CpuMsPerOp ?? double.NaN) / (old.CpuMsPerOp ?? double.NaN),
                ["rounds"] = ctx.Options.BaselineRounds,
                ["load 1m before"] = loadBefore,
                ["load 1m after"] = load,
            },
            Target = "≥ 0.85× before the feed",
            TargetMet = ratio >= 0.85,
        });
        ctx.Report.Add(new ResultRow("send-feed-vs-before", $"c={Concurrency}, before the feed ({baseline.Label})")
        {
            PerSecond = old.PerSecond,
            P50Ms = old.P50Ms,
            P99Ms = old.P99Ms,
            MaxMs = old.MaxMs,
            Errors = old.Errors,
            Figures = new()
            {
                ["server cpu ms/msg"] = old.CpuMsPerOp ?? double.NaN,
                ["load 1m after"] = load,
            },
        });
    }

    // Each worker is one user writing to the others in turn, so every conversation gets traffic.
    static BenchUser Recipient(BenchUser[] users, int worker) =>
        users[(worker + 1 + Random.Shared.Next(users.Length - 1)) % users.Length];
}
