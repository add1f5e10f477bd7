using System.Net;
using ChatApp.Bench.Infrastructure;
using ChatApp.Bench.Reporting;

namespace ChatApp.Bench.Scenarios;

/// <summary>
/// GET /message/{id}?limit=50 for the busiest and the quietest conversation of a seeded store, on a
/// small store and on a large one: a page is one index range, so its cost should not grow with the store.
/// </summary>
public static class HistoryScenario
{
    public static async Task RunAsync(BenchContext ctx)
    {
        var small = await MeasureStoreAsync(ctx, ctx.Options.SmallStore);
        var large = await MeasureStoreAsync(ctx, ctx.Options.LargeStore);
        foreach (var (store, rows) in new[] { small, large })
            foreach (var (pair, row) in rows)
            {
                var isLarge = store == large.Store;
                var reference = small.Rows.First(r => r.Pair == pair).Row;
                var growth = row.P50Ms!.Value / reference.P50Ms!.Value;
                var target = isLarge && store.Messages >= 1_000_000;
                ctx.Report.Add(row with
                {
                    Figures = new(row.Figures) { [$"× {small.Store.Messages:N0}-store p50"] = growth },
                    Target = target ? "p50 ≤ 1 ms, p99 ≤ 5 ms, ≤ 1.5× small store" : null,
                    TargetMet = target ? row.P50Ms <= 1 && row.P99Ms <= 5 && growth <= 1.5 : null,
                });
            }
        ctx.Report.Note("history store source", large.Store.Source);
    }

    static async Task<(SeededStore Store, List<(string Pair, ResultRow Row)> Rows)> MeasureStoreAsync(BenchContext ctx, int messages)
    {
        var dbPath = ctx.NewDbPath($"history-{messages}");
        var store = await StoreSeeder.FillAsync(dbPath, ctx.Options.SeededUsers, messages);
        await using var server = await ChildServer.StartChatAppAsync(dbPath);
        using var api = new ApiClient(server.BaseAddress);
        using var floorApi = new ApiClient(ctx.HttpFloor.BaseAddress);
        var rows = new List<(string, ResultRow)>();
        foreach (var (name, pair) in new[] { ("busy", store.Busy), ("quiet", store.Quiet) })
        {
            var token = await api.LoginAsync(pair.AUsername, StoreSeeder.SeededPassword);
            var path = $"/message/{pair.B}?limit={StoreSeeder.PageSize}";
            var runs = await Alternation.RunAsync(ctx.Options.Rounds,
                () => ctx.Loop(1, async _ => await api.SendAsync(HttpMethod.Get, path, token) == HttpStatusCode.OK, server),
                () => ctx.Loop(1, async _ => await floorApi.SendAsync(HttpMethod.Get, path, null) == HttpStatusCode.OK));
            var m = runs.ChatApp;
            rows.Add((name, new ResultRow("history", $"{messages:N0} msgs, {name} pair ({pair.Messages:N0} msgs)")
            {
                PerSecond = m.PerSecond,
                P50Ms = m.P50Ms,
                P99Ms = m.P99Ms,
                MaxMs = m.MaxMs,
                Errors = m.Errors,
                VsFloor = runs.LatencyRatio(1),
                FloorName = "http floor p50",
                Figures = new() { ["server cpu ms/req"] = m.CpuMsPerOp ?? double.NaN, ["rss MB"] = server.Stats().RssMb },
                Note = store.Source,
            }));
        }
        return (store, rows);
    }
}
