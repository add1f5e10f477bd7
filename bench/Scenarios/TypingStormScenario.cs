using System.Diagnostics;
using System.Text.Json;
using ChatApp.Bench.Infrastructure;
using ChatApp.Bench.Reporting;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatApp.Bench.Scenarios;

/// <summary>
/// Does a typing storm slow message delivery? One hub connection per user (1,000); message delivery
/// latency is measured exactly as <see cref="RealtimeScenario"/> measures it (its probe: SendMessage
/// between random pairs at a fixed offered rate, open loop), alternately without and with a storm in
/// which every connection calls <c>Typing(partner)</c> 10×/s (the server forwards at most one per pair
/// per 2 s as <c>chat:typing</c>). The figure is storm p99 / baseline p99, the median of the per-round
/// ratios. Typing calls sent, <c>chat:typing</c> received, and the CPU share of the server and of this
/// process (the generator: it shares the box with the server) are reported beside each run.
/// </summary>
public static class TypingStormScenario
{
    /// <summary>The storm's pacing tick: each tick fires the connections whose slot it is.</summary>
    const int TickMs = 10;

    public static async Task RunAsync(BenchContext ctx)
    {
        var o = ctx.Options;
        var size = o.StormConnections;
        var rate = o.TypingStormMessageRate;
        await using var server = await ChildServer.StartChatAppAsync(ctx.NewDbPath("typing-storm"));
        using var api = new ApiClient(server.BaseAddress);
        var users = await api.CreateUsersAsync("ts", size, parallel: 32);
        var probe = new RealtimeScenario.Probe(users);
        long typingReceived = 0;
        await using var swarm = new HubSwarm(server.BaseAddress, probe.Received, _ => Interlocked.Increment(ref typingReceived));
        var failed = await swarm.ConnectAsync(users, 0, size);
        var storm = new Storm(swarm, users, o.TypingPerConnection);

        // Unmeasured: a run of each first, so that the first baseline does not measure the server's JIT.
        await MeasureAsync(withStorm: false, o.Warmup);
        await MeasureAsync(withStorm: true, o.Warmup);
        var baseline = new List<Run>();
        var stormed = new List<Run>();
        for (var round = 0; round < o.TypingStormRounds; round++)
        {
            baseline.Add(await MeasureAsync(withStorm: false));
            stormed.Add(await MeasureAsync(withStorm: true));
            Console.WriteLine($"    round {round + 1}: p99 {baseline[^1].M.P99Ms:0.00} ms without, {stormed[^1].M.P99Ms:0.00} ms with the storm "
                + $"({stormed[^1].TypingSentPerSecond:N0} Typing/s sent, {stormed[^1].TypingReceivedPerSecond:N0} chat:typing/s received, "
                + $"server {stormed[^1].ServerCpuPercent:0}%, generator {stormed[^1].GeneratorCpuPercent:0}% of {Environment.ProcessorCount} cores)");
        }

        var ratios = baseline.Zip(stormed, (b, s) => s.M.P99Ms / b.M.P99Ms).ToList();
        var ratio = Measurement.Med(ratios);
        var offered = size * o.TypingPerConnection;
        var sent = Measurement.Med(stormed.Select(r => r.TypingSentPerSecond));
        var generatorCpu = Measurement.Med(stormed.Select(r => r.GeneratorCpuPercent));
        var serverCpu = Measurement.Med(stormed.Select(r => r.ServerCpuPercent));
        // The generator is the bound when it cannot send what it offers.
        var generatorBound = sent < 0.9 * offered;
        var lost = failed + swarm.Dropped;
        var common = $"{size:N0} connections, {rate:N0} msgs/s offered";
        ctx.Report.Add(Row($"{common}, no storm (baseline)", baseline, null));
        ctx.Report.Add(Row($"{common}, {offered:N0} Typing/s offered", stormed, ratios) with
        {
            VsFloor = ratio,
            FloorName = "baseline p99",
            Target = "storm p99 ≤ 1.5× baseline p99",
            TargetMet = ratio <= 1.5 && lost == 0,
            Note = (generatorBound ? "generator-bound: " : "")
                + $"the generator (one process) sent {sent:N0} of {offered:N0} Typing calls/s offered, using {generatorCpu:0}% "
                + $"of {Environment.ProcessorCount} cores; the server used {serverCpu:0}%",
        });

        Console.WriteLine($"    {(generatorBound ? "generator-bound: " : "")}Typing {sent:N0}/s sent of {offered:N0}/s offered; "
            + $"generator {generatorCpu:0}%, server {serverCpu:0}% of {Environment.ProcessorCount} cores");

        ResultRow Row(string name, List<Run> runs, List<double>? perRound)
        {
            var m = Measurement.Median(runs.Select(r => r.M).ToList());
            var figures = new Dictionary<string, double>
            {
                ["dropped"] = lost,
                ["typing calls/s sent"] = Measurement.Med(runs.Select(r => r.TypingSentPerSecond)),
                ["typing calls skipped (previous still pending)"] = runs.Sum(r => r.TypingSkipped),
                ["typing send errors"] = runs.Sum(r => r.TypingErrors),
                ["chat:typing received/s"] = Measurement.Med(runs.Select(r => r.TypingReceivedPerSecond)),
                ["sends started late p99 ms"] = Measurement.Med(runs.Select(r => r.LateP99Ms)),
                ["from actual start p99 ms"] = Measurement.Med(runs.Select(r => r.FromStartP99Ms)),
                [$"server cpu % of {Environment.ProcessorCount} cores"] = Measurement.Med(runs.Select(r => r.ServerCpuPercent)),
                [$"generator cpu % of {Environment.ProcessorCount} cores"] = Measurement.Med(runs.Select(r => r.GeneratorCpuPercent)),
                ["rss MB"] = server.Stats().RssMb,
                ["load average 1 min"] = Measurement.Med(runs.Select(r => r.LoadAverage)),
            };
            for (var i = 0; i < runs.Count; i++)
                figures[$"round {i + 1} p99 ms"] = runs[i].M.P99Ms;
            if (perRound is not null)
                for (var i = 0; i < perRound.Count; i++)
                    figures[$"round {i + 1} p99 ratio"] = perRound[i];
            return new ResultRow("typing-storm", name)
            {
                PerSecond = m.PerSecond,
                P50Ms = m.P50Ms,
                P99Ms = m.P99Ms,
                MaxMs = m.MaxMs,
                Errors = m.Errors,
                Figures = figures,
            };
        }

        async Task<Run> MeasureAsync(bool withStorm, TimeSpan? window = null)
        {
            storm.ResetCounters();
            var measured = window ?? o.TypingStormWindow;
            Task? stormTask = null;
            using var stop = new CancellationTokenSource();
            if (withStorm)
            {
                // Bounded: the storm stops when the probe is done, and in any case after this deadline.
                stop.CancelAfter(TimeSpan.FromSeconds(1) + o.Warmup + measured + TimeSpan.FromSeconds(30));
                stormTask = storm.RunAsync(stop.Token);
                await Task.Delay(TimeSpan.FromSeconds(1)); // the storm at full rate before the probe starts
            }
            var wall0 = Stopwatch.GetTimestamp();
            var server0 = server.Stats().CpuSeconds;
            var own0 = ProcStats.OwnCpuSeconds();
            var sent0 = storm.Sent;
            var got0 = Interlocked.Read(ref typingReceived);
            var m = await probe.RunAsync(swarm, size, rate, o.Warmup, measured, server);
            var seconds = Stopwatch.GetElapsedTime(wall0).TotalSeconds;
            var serverCpu = server.Stats().CpuSeconds - server0;
            var ownCpu = ProcStats.OwnCpuSeconds() - own0;
            var sent = storm.Sent - sent0;
            var got = Interlocked.Read(ref typingReceived) - got0;
            var run = new Run(m, sent / seconds, got / seconds, storm.Skipped, storm.Errors,
                100 * serverCpu / seconds / Environment.ProcessorCount, 100 * ownCpu / seconds / Environment.ProcessorCount,
                probe.LateP99Ms, probe.FromStartP99Ms, ProcStats.LoadAverage1());
            if (stormTask is not null)
            {
                await stop.CancelAsync();
                await stormTask;
            }
            await Task.Delay(TimeSpan.FromSeconds(1)); // the last Typing calls and events drain before the next run
            return run;
        }
    }

    sealed record Run(
        Measurement M, double TypingSentPerSecond, double TypingReceivedPerSecond, long TypingSkipped, long TypingErrors,
        double ServerCpuPercent, double GeneratorCpuPercent, double LateP99Ms, double FromStartP99Ms, double LoadAverage);

    /// <summary>
    /// Every connection calls <c>Typing(partner)</c> <c>perSecond</c> times a second, its partner being the
    /// neighbouring user (0↔1, 2↔3, …), staggered over the ticks of a thread of its own. A connection whose
    /// previous call is still being written is skipped (counted), so a slow server cannot pile calls up.
    /// </summary>
    sealed class Storm(HubSwarm swarm, BenchUser[] users, int perSecond)
    {
        readonly int[] _pending = new int[users.Length];
        long _sent, _skipped, _errors;

        public long Sent => Interlocked.Read(ref _sent);
        public long Skipped => Interlocked.Read(ref _skipped);
        public long Errors => Interlocked.Read(ref _errors);

        public void ResetCounters()
        {
            Interlocked.Exchange(ref _skipped, 0);
            Interlocked.Exchange(ref _errors, 0);
        }

        public Task RunAsync(CancellationToken stop) => Task.Factory.StartNew(() =>
        {
            var slots = Math.Max(1, 1000 / perSecond / TickMs); // 10 ticks of 10 ms per connection's period
            var tick = Stopwatch.Frequency * TickMs / 1000.0;
            var start = Stopwatch.GetTimestamp();
            for (long k = 0; !stop.IsCancellationRequested; k++)
            {
                var due = start + (long)(k * tick);
                while (Stopwatch.GetTimestamp() < due && !stop.IsCancellationRequested)
                    Thread.Sleep(1);
                for (var i = (int)(k % slots); i < users.Length; i += slots)
                {
                    if (Interlocked.CompareExchange(ref _pending[i], 1, 0) != 0)
                    {
                        Interlocked.Increment(ref _skipped);
                        continue;
                    }
                    var partner = (i ^ 1) < users.Length ? i ^ 1 : i - 1;
                    _ = Fire(i, users[partner].Id);
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        async Task Fire(int index, int to)
        {
            try
            {
                // Fire and forget, as a client does: no completion awaited from the server, only the write.
                await swarm[index].SendAsync("Typing", to);
                Interlocked.Increment(ref _sent);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _errors);
            }
            finally
            {
                Volatile.Write(ref _pending[index], 0);
            }
        }
    }
}
