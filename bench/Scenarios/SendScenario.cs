using System.Net;
using System.Text;
using ChatApp.Bench.Floors;
using ChatApp.Bench.Infrastructure;
using ChatApp.Bench.Reporting;

namespace ChatApp.Bench.Scenarios;

/// <summary>POST /message/{id} at several concurrencies, against the storage floor and the HTTP floor.</summary>
public static class SendScenario
{
    const string Body = "a benchmark message of a realistic length, about sixty characters";

    public static async Task RunAsync(BenchContext ctx)
    {
        await using var server = await ChildServer.StartChatAppAsync(ctx.NewDbPath("send"));
        using var api = new ApiClient(server.BaseAddress);
        using var floorApi = new ApiClient(ctx.HttpFloor.BaseAddress);
        using var storage = new StorageFloor(ctx.NewDbPath("storage-floor"));
        var users = await api.CreateUsersAsync("sender", 64);
        var json = Encoding.UTF8.GetBytes($"{{\"body\":\"{Body}\"}}");

        foreach (var concurrency in new[] { 1, 16, 64 })
        {
            var runs = await Alternation.RunAsync(ctx.Options.Rounds,
                () => ctx.Loop(concurrency, async w =>
                    await api.SendAsync(HttpMethod.Post, $"/message/{Recipient(users, w).Id}", users[w].Token, json)
                        == HttpStatusCode.Created, server),
                () => ctx.Loop(concurrency, async w =>
                {
                    await storage.InsertAsync(users[w].Id, Recipient(users, w).Id, Body);
                    return true;
                }),
                () => ctx.Loop(concurrency, async w =>
                    await floorApi.SendAsync(HttpMethod.Post, $"/message/{Recipient(users, w).Id}", null, json)
                        == HttpStatusCode.Created));
            var chatApp = runs.ChatApp;
            var isTarget = concurrency == 64;
            ctx.Report.Add(new ResultRow("send", $"c={concurrency}")
            {
                PerSecond = chatApp.PerSecond,
                P50Ms = chatApp.P50Ms,
                P99Ms = chatApp.P99Ms,
                MaxMs = chatApp.MaxMs,
                Errors = chatApp.Errors,
                VsFloor = runs.ThroughputRatio(1),
                FloorName = "storage floor",
                Figures = new()
                {
                    ["storage floor/s"] = runs.Floor(1).PerSecond,
                    ["storage floor p50 ms"] = runs.Floor(1).P50Ms,
                    ["storage floor p99 ms"] = runs.Floor(1).P99Ms,
                    ["http floor/s"] = runs.Floor(2).PerSecond,
                    ["× http floor"] = runs.ThroughputRatio(2),
                    ["server cpu ms/msg"] = chatApp.CpuMsPerOp ?? double.NaN,
                },
                Target = isTarget ? "≥ 5,000/s, p99 ≤ 25 ms, ≥ 0.6× storage floor" : null,
                TargetMet = isTarget
                    ? chatApp.PerSecond >= 5000 && chatApp.P99Ms <= 25 && runs.ThroughputRatio(1) >= 0.6
                    : null,
            });
        }
    }

    // Each worker is one user writing to the others in turn, so every conversation gets traffic.
    static BenchUser Recipient(BenchUser[] users, int worker) =>
        users[(worker + 1 + Random.Shared.Next(users.Length - 1)) % users.Length];
}
