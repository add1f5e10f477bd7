using System.Diagnostics;
using ChatApp.Bench.Infrastructure;
using ChatApp.Bench.Reporting;

namespace ChatApp.Bench.Scenarios;

/// <summary>
/// How fast a freshly started ChatApp serves sends before the JIT has settled: a database with 64 users is
/// prepared once (ChatApp started, users signed up and logged in, stopped with SIGTERM); then, per run, a
/// fresh process on a copy of it, and from the moment it first answers 200 on <c>/</c>: wrk sends for 6 s
/// (measured: the first 6 s), 6 s more unmeasured, 6 s measured (steady state, from 12 s on).
/// </summary>
public static class WarmupScenario
{
    const int Users = Wrk.Connections;
    const string Body = "a benchmark message of a realistic length, about sixty characters";
    static readonly TimeSpan Phase = TimeSpan.FromSeconds(6);

    public static async Task RunAsync(BenchContext ctx)
    {
        var template = Path.Combine(ctx.TempDir, "warmup-template");
        Directory.CreateDirectory(template);
        BenchUser[] users;
        await using (var setup = await ChildServer.StartChatAppAsync(Path.Combine(template, "chat.db")))
        {
            using var api = new ApiClient(setup.BaseAddress);
            users = await api.CreateUsersAsync("sender", Users);
            var exit = await setup.StopAsync(TimeSpan.FromSeconds(30));
            if (exit != 0)
                throw new InvalidOperationException($"ChatApp exited with {exit} on SIGTERM:\n{setup.Output()}");
        }
        var script = Wrk.WriteSendScript(Path.Combine(ctx.TempDir, "wrk"), "warmup", users, Body);

        var firsts = new List<WrkResult>();
        var steadies = new List<WrkResult>();
        var startups = new List<double>();
        var leads = new List<double>();
        var steadyFrom = new List<double>();
        for (var run = 0; run < ctx.Options.Rounds; run++)
        {
            // Every run starts on the same prepared database (the key file beside it keeps the tokens valid).
            var dir = Path.Combine(ctx.TempDir, $"warmup-{run}");
            Directory.CreateDirectory(dir);
            foreach (var file in Directory.GetFiles(template))
                File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
            await using var server = await ChildServer.StartChatAppAsync(Path.Combine(dir, "chat.db"));
            var first = await Wrk.RunAsync(server, script, Phase);
            var middle = await Wrk.RunAsync(server, script, Phase);
            var steady = await Wrk.RunAsync(server, script, Phase);
            startups.Add(server.StartupTime.TotalMilliseconds);
            leads.Add(Stopwatch.GetElapsedTime(server.StartedTimestamp, first.StartedTimestamp).TotalSeconds);
            steadyFrom.Add(Stopwatch.GetElapsedTime(first.StartedTimestamp, steady.StartedTimestamp).TotalSeconds);
            Console.WriteLine($"    run {run + 1}: started in {server.StartupTime.TotalMilliseconds:0} ms, wrk began {leads[^1]:0.000} s after process start");
            Console.WriteLine($"      first 6 s:  {first.Summary}");
            Console.WriteLine($"      6–12 s:     {middle.Summary}");
            Console.WriteLine($"      from {steadyFrom[^1]:0.0} s: {steady.Summary}");
            firsts.Add(first);
            steadies.Add(steady);
        }

        var ratios = firsts.Zip(steadies, (f, s) => f.Measurement.PerSecond / s.Measurement.PerSecond).ToList();
        var ratio = Measurement.Med(ratios);
        var cold = Measurement.Median(firsts.Select(r => r.Measurement).ToList());
        var warm = Measurement.Median(steadies.Select(r => r.Measurement).ToList());
        ctx.Report.Add(new ResultRow("warmup", $"c={Wrk.Connections} sends (wrk), first 6 s after the first 200")
        {
            PerSecond = cold.PerSecond,
            P50Ms = cold.P50Ms,
            P99Ms = cold.P99Ms,
            MaxMs = cold.MaxMs,
            Errors = cold.Errors + warm.Errors,
            VsFloor = ratio,
            FloorName = "steady state",
            Figures = new()
            {
                ["steady/s"] = warm.PerSecond,
                ["steady p99 ms"] = warm.P99Ms,
                ["startup ms"] = Measurement.Med(startups),
                ["wrk began s after process start"] = Measurement.Med(leads),
                ["steady began s after first"] = Measurement.Med(steadyFrom),
                ["first server cpu ms/msg"] = cold.CpuMsPerOp ?? double.NaN,
                ["steady server cpu ms/msg"] = warm.CpuMsPerOp ?? double.NaN,
                ["first generator cpu share"] = cold.GeneratorCpuShare ?? double.NaN,
                ["lowest run ratio"] = ratios.Min(),
                ["runs"] = ratios.Count,
                ["load 1m after"] = ProcStats.LoadAverage1(),
            },
            Note = $"wrk -t{Wrk.Threads} -c{Wrk.Connections}; a fresh process per run on a copy of one prepared database "
                + "(64 users); wrk starts as soon as / answers 200: 0–6 s measured, 6–12 s unmeasured, 12–18 s measured",
            Target = "≥ 0.6× steady state",
            TargetMet = ratio >= 0.6,
        });
    }
}
