using ChatApp.Bench.Infrastructure;
using ChatApp.Bench.Reporting;

namespace ChatApp.Bench.Scenarios;

/// <summary>Process start of the published Release build to its first 200 on /, on a fresh database.</summary>
public static class StartupScenario
{
    public static async Task RunAsync(BenchContext ctx)
    {
        var chatApp = new List<double>();
        var floor = new List<double>();
        double rss = 0;
        for (var run = 0; run < ctx.Options.StartupRuns; run++)
        {
            await using (var server = await ChildServer.StartChatAppAsync(ctx.NewDbPath("startup")))
            {
                chatApp.Add(server.StartupTime.TotalMilliseconds);
                rss = server.Stats().RssMb;
            }
            await using (var bare = await ChildServer.StartFloorAsync())
                floor.Add(bare.StartupTime.TotalMilliseconds);
        }
        var median = Measurement.Med(chatApp);
        ctx.Report.Add(new ResultRow("startup", "start → first 200 on /")
        {
            P50Ms = median,
            MaxMs = chatApp.Max(),
            VsFloor = Measurement.Med(chatApp.Zip(floor, (a, b) => a / b)),
            FloorName = "bare Kestrel start",
            Figures = new() { ["floor ms"] = Measurement.Med(floor), ["rss MB after start"] = rss, ["runs"] = chatApp.Count },
            Target = "≤ 600 ms",
            TargetMet = median <= 600,
        });
    }
}
