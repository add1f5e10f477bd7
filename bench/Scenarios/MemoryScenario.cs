using ChatApp.Bench.Infrastructure;
using ChatApp.Bench.Reporting;

namespace ChatApp.Bench.Scenarios;

/// <summary>Server RSS idle, then with idle hub connections open (no message sent).</summary>
public static class MemoryScenario
{
    static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(BenchContext ctx)
    {
        var sizes = ctx.Options.HubConnections;
        await using var server = await ChildServer.StartChatAppAsync(ctx.NewDbPath("memory"));
        using var api = new ApiClient(server.BaseAddress);
        var users = await api.CreateUsersAsync("idle", sizes.Max(), parallel: 32);
        await Task.Delay(Settle);
        var idle = server.Stats().RssMb;
        ctx.Report.Add(new ResultRow("memory", "idle (after sign-ups)") { Figures = new() { ["rss MB"] = idle } });
        await using var swarm = new HubSwarm(server.BaseAddress, (_, _) => { });
        var failed = 0;
        foreach (var size in sizes)
        {
            failed += await swarm.ConnectAsync(users, swarm.Count, size);
            await Task.Delay(Settle);
            var rss = server.Stats().RssMb;
            var perThousand = (rss - idle) / size * 1000;
            ctx.Report.Add(new ResultRow("memory", $"{size:N0} idle hub connections")
            {
                Figures = new() { ["rss MB"] = rss, ["MB per 1,000 conns"] = perThousand, ["failed"] = failed + swarm.Dropped },
                Target = "≤ 20 MB per 1,000",
                TargetMet = perThousand <= 20,
            });
        }
    }
}
