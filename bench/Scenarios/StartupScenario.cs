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
        var chatAppCpu = new List<double>();
        var floorCpu = new List<double>();
        double rss = 0;
        for (var run = 0; run < ctx.Options.StartupRuns; run++)
        {
            await using (var server = await ChildServer.StartChatAppAsync(ctx.NewDbPath("startup")))
            {
                chatApp.Add(server.StartupTime.TotalMilliseconds);
                chatAppCpu.Add(server.StartupCpuSeconds * 1000);
                rss = server.Stats().RssMb;
            }
            await using (var bare = await ChildServer.StartFloorAsync())
            {
                floor.Add(bare.StartupTime.TotalMilliseconds);
                floorCpu.Add(bare.StartupCpuSeconds * 1000);
            }
        }
        var median = Measurement.Med(chatApp);
        var vsFloor = Measurement.Med(chatApp.Zip(floor, (a, b) => a / b));
        ctx.Report.Add(new ResultRow("startup", "start → first 200 on /")
        {
            P50Ms = median,
            MaxMs = chatApp.Max(),
            VsFloor = vsFloor,
            FloorName = "bare Kestrel start",
            Figures = new()
            {
                ["floor ms"] = Measurement.Med(floor),
                ["cpu ms to first 200"] = Measurement.Med(chatAppCpu),
                ["floor cpu ms"] = Measurement.Med(floorCpu),
                ["rss MB after start"] = rss,
                ["runs"] = chatApp.Count,
            },
            // Issue 16's target; version 1's was 600 ms.
            Target = "≤ 1.3× bare Kestrel start (version 1: ≤ 600 ms)",
            TargetMet = vsFloor <= 1.3 && median <= 600,
        });
    }
}
