using System.Diagnostics;
using System.Net;
using System.Text;
using ChatApp.Bench.Infrastructure;
using ChatApp.Bench.Reporting;
using HdrHistogram;

namespace ChatApp.Bench.Scenarios;

/// <summary>
/// A client catching up on a feed of 10,000 events: GET /sync?since=0&amp;limit=1000 page after page until
/// has_more is false, as one client does it (each page asked for once the previous one has been read).
/// The feed is filled through POST /message/{id} (16 senders to one recipient, rate limits off); one
/// catch-up is timed cold (the server's first), 20 more warm up (tiered JIT), then each measured round is one
/// whole catch-up. Every round checks that the pages
/// hold the seqs 1..N in order, none missing, none twice, and that N is at least the messages sent.
/// </summary>
public static class SyncScenario
{
    const int Senders = 16;

    public static async Task RunAsync(BenchContext ctx)
    {
        var total = ctx.Options.SyncEvents;
        var limit = ctx.Options.SyncPage;
        await using var server = await ChildServer.StartChatAppAsync(ctx.NewDbPath("sync"));
        using var api = new ApiClient(server.BaseAddress);
        var users = await api.CreateUsersAsync("sync", Senders + 1);
        var reader = users[0];

        var seeding = Stopwatch.StartNew();
        var json = Encoding.UTF8.GetBytes("{\"body\":\"a benchmark message of a realistic length, about sixty characters\"}");
        long refused = 0;
        await Parallel.ForAsync(0, total, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
        {
            var sender = users[1 + i % Senders];
            if (await api.SendAsync(HttpMethod.Post, $"/message/{reader.Id}", sender.Token, json) != HttpStatusCode.Created)
                Interlocked.Increment(ref refused);
        });
        seeding.Stop();
        if (refused > 0)
            throw new InvalidOperationException($"sync: {refused} of {total} seeding sends were refused");

        var pageLatency = new LongHistogram(1, 120_000_000, 3); // microseconds
        var rates = new List<double>();
        var cpuMsPerThousand = new List<double>();
        var clientCpuMsPerThousand = new List<double>();
        long events = 0, problems = 0, bytes = 0;
        var pagesPerRound = 0;
        double coldRate = double.NaN, coldCpuMsPerThousand = double.NaN;
        var warmup = 1 + ctx.Options.SyncWarmupRounds;
        for (var round = 0; round < warmup + ctx.Options.SyncRounds; round++)
        {
            var measured = round >= warmup;
            var cpu = server.Stats().CpuSeconds;
            var clientCpu = ProcStats.OwnCpuSeconds();
            var started = Stopwatch.GetTimestamp();
            long since = 0, expected = 1;
            int pages = 0, served = 0;
            while (pages < total / limit * 2 + 10)
            {
                var t0 = Stopwatch.GetTimestamp();
                var (status, body) = await api.GetBytesAsync($"/sync?since={since}&limit={limit}", reader.Token);
                var t1 = Stopwatch.GetTimestamp();
                if (status != HttpStatusCode.OK)
                    throw new InvalidOperationException($"GET /sync?since={since}: {(int)status} {Encoding.UTF8.GetString(body)}");
                var page = SyncPage.Parse(body);
                pages++;
                served += page.Seqs.Length;
                foreach (var seq in page.Seqs)
                    if (seq != expected++)
                    {
                        problems++;
                        expected = seq + 1;
                    }
                if (page.Seqs.Length > 0 && page.Next != page.Seqs[^1] || page.Seqs.Length == 0 && page.Next != since)
                    problems++;
                if (measured)
                {
                    pageLatency.RecordValue(Math.Max(1, (t1 - t0) * 1_000_000 / Stopwatch.Frequency));
                    bytes += page.Bytes;
                }
                since = page.Next;
                if (!page.HasMore)
                    break;
            }
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            events = served;
            if (round == 0)
            {
                coldRate = served / seconds;
                coldCpuMsPerThousand = (server.Stats().CpuSeconds - cpu) * 1000 / served * 1000;
            }
            if (!measured)
                continue;
            pagesPerRound = pages;
            rates.Add(served / seconds);
            cpuMsPerThousand.Add((server.Stats().CpuSeconds - cpu) * 1000 / served * 1000);
            clientCpuMsPerThousand.Add((ProcStats.OwnCpuSeconds() - clientCpu) * 1000 / served * 1000);
        }

        var rate = Measurement.Med(rates);
        // The feed holds at least one event per message received; read state or other kinds may add more.
        if (events < total)
            problems += total - events;
        ctx.Report.Add(new ResultRow("sync", $"catch up {events:N0} events, pages of {limit:N0}")
        {
            PerSecond = rate,
            P50Ms = pageLatency.GetValueAtPercentile(50) / 1000.0,
            P99Ms = pageLatency.GetValueAtPercentile(99) / 1000.0,
            MaxMs = pageLatency.GetMaxValue() / 1000.0,
            Note = "ops/s is events served per second (median of the rounds); p50/p99/max are one page's latency",
            Figures = new()
            {
                ["slowest round events/s"] = rates.Min(),
                ["cold first catch-up events/s"] = coldRate,
                ["cold server cpu ms per 1,000 events"] = coldCpuMsPerThousand,
                ["warm-up catch-ups"] = ctx.Options.SyncWarmupRounds,
                ["catch-up ms"] = events / rate * 1000,
                ["pages"] = pagesPerRound,
                ["KB per page"] = bytes / 1024.0 / Math.Max(1, pageLatency.TotalCount),
                ["server cpu ms per 1,000 events"] = Measurement.Med(cpuMsPerThousand),
                ["client cpu ms per 1,000 events"] = Measurement.Med(clientCpuMsPerThousand),
                ["rounds"] = rates.Count,
                ["seeding sends/s"] = total / seeding.Elapsed.TotalSeconds,
                ["missing/dup/out of order"] = problems,
                ["load 1m"] = ProcStats.LoadAverage1(),
            },
            Target = "≥ 100,000 events/s, every seq once",
            TargetMet = rate >= 100_000 && problems == 0,
        });
    }
}
