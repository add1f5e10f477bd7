using ChatApp.Bench;
using ChatApp.Bench.Floors;
using ChatApp.Bench.Infrastructure;
using ChatApp.Bench.Reporting;
using ChatApp.Bench.Scenarios;

if (args.Contains("--floor-server"))
    return FloorServer.Run(args.Where(a => a != "--floor-server").ToArray());
if (args.Contains(FrameworkFloor.Argument))
    return FrameworkFloor.Run(args.Where(a => a != FrameworkFloor.Argument).ToArray());

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 2;
}

if (options.Scenarios.Intersect(BenchOptions.NeedWrk).Any())
{
    try
    {
        await Wrk.EnsureInstalledAsync();
    }
    catch (InvalidOperationException e)
    {
        Console.Error.WriteLine($"bench: {e.Message}");
        return 2;
    }
}

var report = new Report();
Console.WriteLine($"ChatApp bench: {string.Join(' ', options.Scenarios)}{(options.Quick ? " (quick)" : "")}; "
    + $"{Environment.ProcessorCount} cores, load average {report.LoadAverageAtStart}");
await ServerBuild.PublishAsync();
var tempDir = Directory.CreateTempSubdirectory("chatapp-bench-").FullName;
try
{
    await using var httpFloor = await ChildServer.StartFloorAsync();
    var ctx = new BenchContext(options, report, tempDir, httpFloor);
    foreach (var scenario in options.Scenarios)
    {
        Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {scenario} (load average {ProcStats.LoadAverage()})");
        await (scenario switch
        {
            "startup" => StartupScenario.RunAsync(ctx),
            "send" => SendScenario.RunAsync(ctx),
            "history" => HistoryScenario.RunAsync(ctx),
            "chats" => ChatsScenario.RunAsync(ctx),
            "realtime" => RealtimeScenario.RunAsync(ctx),
            "memory" => MemoryScenario.RunAsync(ctx),
            "send-feed-vs-before" => SendFeedScenario.RunAsync(ctx),
            "sync" => SyncScenario.RunAsync(ctx),
            "resume-storm" => ResumeStormScenario.RunAsync(ctx),
            "typing-storm" => TypingStormScenario.RunAsync(ctx),
            "send-wrk" => SendWrkScenario.RunAsync(ctx),
            "warmup" => WarmupScenario.RunAsync(ctx),
            "web-first-load" => WebFirstLoadScenario.RunAsync(ctx),
            "exe-size" => ExeSizeScenario.RunAsync(ctx),
            _ => throw new InvalidOperationException(scenario),
        });
    }
}
finally
{
    Directory.Delete(tempDir, recursive: true);
}

Console.WriteLine();
Console.WriteLine($"load average at start {report.LoadAverageAtStart}, at end {ProcStats.LoadAverage()}");
Console.Write(report.Table());
Console.WriteLine($"written to {report.WriteJson(options.Quick)}");
return 0;
