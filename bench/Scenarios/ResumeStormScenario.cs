using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using ChatApp.Bench.Infrastructure;
using ChatApp.Bench.Reporting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatApp.Bench.Scenarios;

/// <summary>
/// A restart with 1,000 clients waiting. Each user has a hub connection that has called Resume(0) and
/// holds its feed; the server is stopped with SIGTERM and started again on the same database and port;
/// while the clients are away every user receives 10 messages (REST), so each has about 20 new events;
/// then all 1,000 connect at once and call Resume(since) with their last seen seq minus a backlog of
/// 0–40 (a client that kept less), so each replays some old events and every new one. Measured: from the
/// moment all start connecting until every connection holds every event after its <c>since</c> up to
/// its user's newest seq. Afterwards each connection's events are checked against GET /sync from the
/// same <c>since</c>: none missing, none twice, in order.
/// </summary>
public static class ResumeStormScenario
{
    const int SentBefore = 5;
    const int ReceivedWhileAway = 10;
    const int MaxBacklog = 40;
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(BenchContext ctx)
    {
        var count = ctx.Options.StormConnections;
        var random = new Random(12);
        var dbPath = ctx.NewDbPath("resume-storm");
        var server = await ChildServer.StartChatAppAsync(dbPath);
        try
        {
            BenchUser[] users;
            using (var api = new ApiClient(server.BaseAddress))
            {
                users = await api.CreateUsersAsync("storm", count, parallel: 32);
                // Some history: each user sends a few messages to others at random.
                var pairs = Enumerable.Range(0, count * SentBefore)
                    .Select(k => (From: k % count, To: Other(random, k % count, count))).ToArray();
                await SendAllAsync(api, users, pairs);
            }

            // Every user online, caught up through Resume(0): their last seen seq is where each stands.
            var before = users.Select(u => new FeedClient(server.BaseAddress, u)).ToArray();
            var lastSeen = new long[count];
            var beforeProblems = 0;
            var exitCode = -1;
            Stopwatch stopping;
            try
            {
                await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
                {
                    await before[i].Connection.StartAsync();
                    lastSeen[i] = await before[i].ResumeAsync(0);
                });
                await WaitAsync(i => before[i].HasAll(0, before[i].ResumedNext), count, Deadline);
                beforeProblems = before.Sum(c => c.Check(0, c.ResumedNext).Problems);

                // A graceful restart on the same database and port, with every client still connected.
                stopping = Stopwatch.StartNew();
                exitCode = await server.StopAsync(TimeSpan.FromSeconds(60));
                stopping.Stop();
            }
            finally
            {
                await DisposeAllAsync(before.Select(c => c.Connection));
            }
            var stopSeconds = stopping.Elapsed.TotalSeconds;
            var port = server.BaseAddress.Port;
            await server.DisposeAsync();
            server = await ChildServer.StartChatAppAsync(dbPath, port: port);
            var restartMs = server.StartupTime.TotalMilliseconds;

            // While the clients are away, each user receives the same number of messages.
            using (var api = new ApiClient(server.BaseAddress))
            {
                var pairs = Enumerable.Range(0, count * ReceivedWhileAway)
                    .Select(k => (From: Other(random, k % count, count), To: k % count)).ToArray();
                await SendAllAsync(api, users, pairs);
            }
            var since = lastSeen.Select(seen => Math.Max(0, seen - random.Next(MaxBacklog + 1))).ToArray();

            // The storm: every client connects and resumes at once.
            var clients = users.Select(u => new FeedClient(server.BaseAddress, u)).ToArray();
            int failedConnects = 0, failedResumes = 0;
            var load = ProcStats.LoadAverage1();
            var cpu = server.Stats().CpuSeconds;
            var clientCpu = ProcStats.OwnCpuSeconds();
            var threadsBefore = ProcStats.Threads(server.Pid);
            var start = Stopwatch.GetTimestamp();
            try
            {
                var storm = Task.WhenAll(clients.Select((c, i) => Task.Run(async () =>
                {
                    try
                    {
                        await c.Connection.StartAsync();
                    }
                    catch (Exception)
                    {
                        Interlocked.Increment(ref failedConnects);
                        return;
                    }
                    c.Connected = Stopwatch.GetTimestamp();
                    try
                    {
                        await c.ResumeAsync(since[i]);
                    }
                    catch (Exception e)
                    {
                        c.ResumeError = e.Message;
                        Interlocked.Increment(ref failedResumes);
                    }
                })));
                var allDone = Task.WhenAll(storm, WaitAsync(i => clients[i].ResumeError is not null
                    || clients[i].Resumed != 0 && clients[i].HasAll(since[i], clients[i].ResumedNext), count, Deadline));
                await Task.WhenAny(allDone, Task.Delay(Deadline + TimeSpan.FromSeconds(5)));
                var stormCpu = server.Stats().CpuSeconds - cpu;
                var stormClientCpu = ProcStats.OwnCpuSeconds() - clientCpu;
                var threadsAfter = ProcStats.Threads(server.Pid);
                await Task.Delay(500); // anything sent twice or late still arrives before the check

                // The check: each connection's events against the server's own feed from the same since.
                var caughtUp = new List<double>();
                long missing = 0, duplicates = 0, disorder = 0, unexpected = 0, replayed = 0, notCaughtUp = 0, nextWrong = 0;
                using (var api = new ApiClient(server.BaseAddress))
                {
                    await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
                    {
                        var c = clients[i];
                        var feed = await SyncPage.AllAsync(api, users[i].Token, since[i]);
                        var check = c.Check(since[i], feed);
                        lock (caughtUp)
                        {
                            missing += check.Missing;
                            duplicates += check.Duplicates;
                            disorder += check.OutOfOrder;
                            unexpected += check.Unexpected;
                            replayed += feed.Count;
                            if (c.Resumed != 0 && c.ResumedNext != (feed.Count > 0 ? feed[^1] : since[i]))
                                nextWrong++;
                            if (check.Missing == 0 && c.Resumed != 0)
                                caughtUp.Add(Ms(Math.Max(c.LastNeeded(feed), c.Connected) - start));
                            else
                                notCaughtUp++;
                        }
                    });
                }
                var allCaughtUpMs = notCaughtUp == 0 ? caughtUp.Max() : double.NaN;
                var resumedMs = clients.Where(c => c.Resumed != 0).Select(c => Ms(c.Resumed - start)).DefaultIfEmpty(double.NaN).Max();
                var connectedMs = clients.Where(c => c.Connected != 0).Select(c => Ms(c.Connected - start)).DefaultIfEmpty(double.NaN).Max();
                var sorted = caughtUp.Order().ToArray();
                var connectedP50 = Median(clients.Where(c => c.Connected != 0).Select(c => Ms(c.Connected - start)));
                var firstEventP50 = Median(clients.Select(c => c.FirstAt).Where(t => t != 0).Select(t => Ms(t - start)));
                var problems = missing + duplicates + disorder + unexpected + nextWrong + beforeProblems;
                var firstError = clients.Select(c => c.ResumeError).FirstOrDefault(e => e is not null);
                ctx.Report.Add(new ResultRow("resume-storm", $"{count:N0} connections resume at once after a restart")
                {
                    PerSecond = replayed / (allCaughtUpMs / 1000),
                    P50Ms = sorted.Length > 0 ? Percentile(sorted, 50) : double.NaN,
                    P99Ms = sorted.Length > 0 ? Percentile(sorted, 99) : double.NaN,
                    MaxMs = allCaughtUpMs,
                    Errors = failedConnects + failedResumes + notCaughtUp,
                    Note = "ops/s is events delivered per second until all caught up; p50/p99/max are per connection, "
                        + "from the start of the storm until it holds every event up to its user's newest seq"
                        + (firstError is null ? "" : $"; first Resume error: {firstError}"),
                    Figures = new()
                    {
                        ["all caught up ms"] = allCaughtUpMs,
                        ["all connected ms"] = connectedMs,
                        ["connected p50 ms"] = connectedP50,
                        ["first event p50 ms"] = firstEventP50,
                        ["all Resume returned ms"] = resumedMs,
                        ["events replayed"] = replayed,
                        ["missing"] = missing,
                        ["duplicated"] = duplicates,
                        ["out of order"] = disorder,
                        ["outside range"] = unexpected,
                        ["wrong next"] = nextWrong,
                        ["problems before restart"] = beforeProblems,
                        ["failed connects"] = failedConnects,
                        ["failed resumes"] = failedResumes,
                        ["not caught up"] = notCaughtUp,
                        ["server cpu s in storm"] = stormCpu,
                        ["bench cpu s in storm"] = stormClientCpu,
                        ["server threads before"] = threadsBefore,
                        ["server threads after"] = threadsAfter,
                        ["stop s"] = stopSeconds,
                        ["exit code"] = exitCode,
                        ["restart ms"] = restartMs,
                        ["load 1m"] = load,
                    },
                    Target = "all caught up ≤ 5 s, none missing or twice",
                    TargetMet = allCaughtUpMs <= 5000 && problems == 0 && failedConnects + failedResumes + notCaughtUp == 0,
                });
            }
            finally
            {
                await DisposeAllAsync(clients.Select(c => c.Connection));
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    static int Other(Random random, int user, int count) => (user + 1 + random.Next(count - 1)) % count;

    static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    static double Median(IEnumerable<double> values) => Measurement.Med(values);

    static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    static async Task SendAllAsync(ApiClient api, BenchUser[] users, (int From, int To)[] pairs)
    {
        var json = Encoding.UTF8.GetBytes("{\"body\":\"a message sent while the other side was away\"}");
        long refused = 0;
        await Parallel.ForAsync(0, pairs.Length, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (k, _) =>
        {
            var (from, to) = pairs[k];
            if (await api.SendAsync(HttpMethod.Post, $"/message/{users[to].Id}", users[from].Token, json) != HttpStatusCode.Created)
                Interlocked.Increment(ref refused);
        });
        if (refused > 0)
            throw new InvalidOperationException($"resume-storm: {refused} of {pairs.Length} sends were refused");
    }

    /// <summary>
    /// Polls every 20 ms until <paramref name="done"/> holds for each of 0..count-1 (one that holds is not
    /// asked again) or the timeout passes. Catch-up times come from the events' own arrival stamps, not
    /// from this poll, which only decides when to stop waiting.
    /// </summary>
    static async Task WaitAsync(Func<int, bool> done, int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var pending = Enumerable.Range(0, count).ToList();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            pending.RemoveAll(i => done(i));
            if (pending.Count == 0)
                return;
            await Task.Delay(20);
        }
    }

    static Task DisposeAllAsync(IEnumerable<HubConnection> connections) =>
        Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (c, _) => await c.DisposeAsync());

    /// <summary>One user's client: a hub connection that records every <c>chat:event</c> seq and when it came.</summary>
    sealed class FeedClient
    {
        readonly List<(long Seq, long At)> _events = [];

        public HubConnection Connection { get; }
        public long Connected;
        public long Resumed;
        public long ResumedNext;
        public string? ResumeError;

        /// <summary>When the first <c>chat:event</c> arrived (0: none yet).</summary>
        public long FirstAt
        {
            get
            {
                lock (_events)
                    return _events.Count > 0 ? _events[0].At : 0;
            }
        }

        public FeedClient(Uri baseAddress, BenchUser user)
        {
            Connection = new HubConnectionBuilder()
                .WithUrl(new Uri(baseAddress, "/hubs/chat"), o =>
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(user.Token);
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                })
                .Build();
            Connection.On<JsonElement>("chat:event", e =>
            {
                var at = Stopwatch.GetTimestamp();
                var seq = e.GetProperty("seq").GetInt64();
                lock (_events)
                    _events.Add((seq, at));
            });
        }

        /// <summary>Resume(since); keeps the <c>next</c> it returns and when it returned.</summary>
        public async Task<long> ResumeAsync(long since)
        {
            var reply = await Connection.InvokeAsync<JsonElement>("Resume", since);
            ResumedNext = reply.GetProperty("next").GetInt64();
            Resumed = Stopwatch.GetTimestamp();
            return ResumedNext;
        }

        /// <summary>Whether every seq in (since, upTo] has arrived.</summary>
        public bool HasAll(long since, long upTo)
        {
            lock (_events)
            {
                if (_events.Count < upTo - since)
                    return false;
                var seen = new HashSet<long>(_events.Select(e => e.Seq).Where(s => s > since && s <= upTo));
                return seen.Count == upTo - since;
            }
        }

        public (long Missing, long Duplicates, long OutOfOrder, long Unexpected, int Problems) Check(long since, long upTo) =>
            Check(since, Enumerable.Range(0, (int)(upTo - since)).Select(k => since + 1 + k).ToList());

        /// <summary>The events that arrived against the feed the server holds after <paramref name="since"/>.</summary>
        public (long Missing, long Duplicates, long OutOfOrder, long Unexpected, int Problems) Check(long since, IReadOnlyList<long> feed)
        {
            long[] seqs;
            lock (_events)
                seqs = _events.Select(e => e.Seq).ToArray();
            var expected = feed.ToHashSet();
            var distinct = seqs.ToHashSet();
            var missing = expected.Count(s => !distinct.Contains(s));
            var duplicates = seqs.Length - distinct.Count;
            var outOfOrder = seqs.Zip(seqs.Skip(1)).Count(p => p.Second <= p.First);
            var unexpected = distinct.Count(s => !expected.Contains(s));
            return (missing, duplicates, outOfOrder, unexpected, (int)(missing + duplicates + outOfOrder + unexpected));
        }

        /// <summary>When the last of the feed's events arrived (its first copy): the moment this client was caught up.</summary>
        public long LastNeeded(IReadOnlyList<long> feed)
        {
            var needed = feed.ToHashSet();
            var first = new Dictionary<long, long>();
            lock (_events)
                foreach (var (seq, at) in _events)
                    if (needed.Contains(seq))
                        first.TryAdd(seq, at);
            return first.Count == 0 ? 0 : first.Values.Max();
        }
    }
}
