using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using ChatApp.Bench.Infrastructure;
using ChatApp.Bench.Reporting;
using HdrHistogram;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatApp.Bench.Scenarios;

/// <summary>
/// Many hub connections, one per user; messages sent through the hub's SendMessage between random pairs
/// at a fixed offered rate (an open loop: latency counts from when a message was due, so a slow server
/// cannot hide its queue). Latency is send → the recipient's handler running. How late the generator's
/// own timer started each send, and the latency counted from that actual start, are reported beside it.
/// </summary>
public static class RealtimeScenario
{
    public static async Task RunAsync(BenchContext ctx)
    {
        var o = ctx.Options;
        var metricsPort = FreePort.Next();
        await using var server = await ChildServer.StartChatAppAsync(ctx.NewDbPath("realtime"), StoreMetrics.Environment(metricsPort));
        using var store = new StoreMetrics(metricsPort);
        using var api = new ApiClient(server.BaseAddress);
        var users = await api.CreateUsersAsync("rt", o.CrowdConnections, parallel: 32);
        var probe = new Probe(users);
        await using var swarm = new HubSwarm(server.BaseAddress, probe.Received);
        var failed = await swarm.ConnectAsync(users, 0, o.DeliveryConnections);
        for (var run = 1; run <= o.DeliveryRuns; run++)
        {
            var before = await store.ReadAsync();
            var m = await probe.RunAsync(swarm, o.DeliveryConnections, o.DeliveryRate, o.Warmup, o.DeliveryWindow, server);
            ctx.Report.Add(Row(server, probe, m, $"{o.DeliveryConnections:N0} connections, {o.DeliveryRate:N0} msgs/s, run {run}",
                failed + swarm.Dropped, "p99 ≤ 6 ms in each run", m.P99Ms <= 6, await store.ReadAsync() - before));
        }
        failed += await swarm.ConnectAsync(users, swarm.Count, o.CrowdConnections);
        var crowdBefore = await store.ReadAsync();
        var crowd = await probe.RunAsync(swarm, o.CrowdConnections, o.CrowdRate, o.Warmup, o.DeliveryWindow, server);
        var lost = failed + swarm.Dropped;
        ctx.Report.Add(Row(server, probe, crowd, $"{o.CrowdConnections:N0} connections, {o.CrowdRate:N0} msgs/s",
            lost, "p99 ≤ 50 ms, none dropped", crowd.P99Ms <= 50 && lost == 0 && crowd.Errors == 0, await store.ReadAsync() - crowdBefore));
    }

    // The store's counts cover the whole run (warm-up and the wait for the last pushes too): whether a slow
    // run had fsyncs or checkpoints that held writes back, which every delivery waits for.
    static ResultRow Row(ChildServer server, Probe probe, Measurement m, string name, int lost, string target, bool met, StoreCounts store) =>
        new("realtime", name)
        {
            PerSecond = m.PerSecond,
            P50Ms = m.P50Ms,
            P99Ms = m.P99Ms,
            MaxMs = m.MaxMs,
            Errors = m.Errors,
            Figures = new()
            {
                ["dropped"] = lost,
                ["sends started late p50 ms"] = probe.LateP50Ms,
                ["sends started late p99 ms"] = probe.LateP99Ms,
                ["from actual start p50 ms"] = probe.FromStartP50Ms,
                ["from actual start p99 ms"] = probe.FromStartP99Ms,
                ["fsyncs"] = store.Fsyncs,
                ["fsyncs over 10 ms"] = store.SlowFsyncs,
                ["checkpoints"] = store.Checkpoints,
                ["checkpoints over 10 ms"] = store.SlowCheckpoints,
                ["rss MB"] = server.Stats().RssMb,
                ["server cpu ms/msg"] = m.CpuMsPerOp ?? double.NaN,
                ["load 1m"] = ProcStats.LoadAverage1(),
            },
            Target = target,
            TargetMet = met,
        };

    /// <summary>The delivery-latency measurement, shared with typing-storm so both measure alike.</summary>
    internal sealed class Probe(BenchUser[] users)
    {
        readonly ConcurrentDictionary<long, (long Due, long Started)> _sends = new();
        LongConcurrentHistogram _histogram = new(1, 120_000_000, 3);
        // How late the generator's timer let each send start, and the latency counted from that start.
        LongConcurrentHistogram _late = new(1, 120_000_000, 3);
        LongConcurrentHistogram _fromStart = new(1, 120_000_000, 3);

        public double LateP50Ms => _late.GetValueAtPercentile(50) / 1000.0;
        public double LateP99Ms => _late.GetValueAtPercentile(99) / 1000.0;
        public double FromStartP50Ms => _fromStart.GetValueAtPercentile(50) / 1000.0;
        public double FromStartP99Ms => _fromStart.GetValueAtPercentile(99) / 1000.0;
        long _windowFrom, _windowTo, _delivered;

        /// <summary>A recipient's handler: the latency of its copy (the sender's own copy is ignored).</summary>
        public void Received(int userIndex, JsonElement message)
        {
            var now = Stopwatch.GetTimestamp();
            if (message.GetProperty("to").GetInt32() != users[userIndex].Id)
                return;
            var body = message.GetProperty("body").GetString()!;
            if (!body.StartsWith("rt ", StringComparison.Ordinal) || !_sends.TryRemove(long.Parse(body.AsSpan(3)), out var send))
                return;
            if (send.Due < _windowFrom || now > _windowTo)
                return;
            Interlocked.Increment(ref _delivered);
            _histogram.RecordValue(Micros(now - send.Due));
            _fromStart.RecordValue(Micros(now - send.Started));
            _late.RecordValue(Micros(send.Started - send.Due));
        }

        static long Micros(long ticks) => Math.Max(1, ticks * 1_000_000 / Stopwatch.Frequency);

        public async Task<Measurement> RunAsync(HubSwarm swarm, int size, int rate, TimeSpan warmup, TimeSpan window, ChildServer server)
        {
            _histogram = new LongConcurrentHistogram(1, 120_000_000, 3);
            _late = new LongConcurrentHistogram(1, 120_000_000, 3);
            _fromStart = new LongConcurrentHistogram(1, 120_000_000, 3);
            _delivered = 0;
            long errors = 0, sequence = 0;
            var start = Stopwatch.GetTimestamp();
            _windowFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
            _windowTo = _windowFrom + (long)(window.TotalSeconds * Stopwatch.Frequency);
            var interval = Stopwatch.Frequency / (double)rate;
            var sends = new List<Task>();
            double? cpuFrom = null, cpuTo = null;
            // A thread of its own paces the sends: a Task.Delay loop waits for the thread pool, which the
            // thousands of connections' receive callbacks keep busy, and starts sends milliseconds late.
            await Task.Factory.StartNew(() =>
            {
                for (long k = 0; ; k++)
                {
                    var due = start + (long)(k * interval);
                    if (due >= _windowTo)
                        break;
                    if (cpuFrom is null && due >= _windowFrom)
                        cpuFrom = server.Stats().CpuSeconds;
                    while (Stopwatch.GetTimestamp() < due)
                        Thread.Sleep(1);
                    var seq = Interlocked.Increment(ref sequence);
                    var from = Random.Shared.Next(size);
                    var to = (from + 1 + Random.Shared.Next(size - 1)) % size;
                    _sends[seq] = (due, Stopwatch.GetTimestamp());
                    sends.Add(Send(swarm[from], users[to].Id, seq));
                }
                cpuTo = server.Stats().CpuSeconds;
            }, TaskCreationOptions.LongRunning);
            await Task.WhenAll(sends);
            await Task.Delay(500); // the last pushes may still be on their way
            _sends.Clear();
            return LoadLoop.FromHistogram(_histogram, Interlocked.Read(ref _delivered), Interlocked.Read(ref errors),
                window.TotalSeconds, cpuTo - cpuFrom);

            async Task Send(HubConnection connection, int to, long seq)
            {
                try
                {
                    await connection.InvokeAsync<JsonElement>("SendMessage", to, $"rt {seq}");
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }
    }
}
