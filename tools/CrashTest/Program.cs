using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrashTest;

// Crash test: the real server, concurrent writers over REST and the hub, kill -9 at a random moment,
// restart on the same file, and every acknowledged message must be there exactly once, in order, intact,
// and once in the sender's and once in the recipient's feed, every feed numbered 1..N without a hole.
// Then the writers' sends are made again with the same client_id: an acknowledged one must be replayed
// (200, Idempotent-Replayed: true, the original message), one in flight at the stop replayed or created,
// never stored twice.
// The last round stops the server with SIGTERM instead: it must finish what it acknowledged and exit 0.
if (args.Length < 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: CrashTest <path to ChatApp.dll> [kill rounds, default 6] [seed]");
    return 2;
}
var appDll = Path.GetFullPath(args[0]);
var killRounds = args.Length > 1 ? int.Parse(args[1]) : 6;
var seed = args.Length > 2 ? int.Parse(args[2]) : Environment.TickCount;
var random = new Random(seed);
const int WriterCount = 6;

var work = Directory.CreateTempSubdirectory("chatapp-crash-");
var database = Path.Combine(work.FullName, "chat.db");
var log = Path.Combine(work.FullName, "server.log");
Console.WriteLine($"crash test: {killRounds} kill -9 rounds + 1 SIGTERM round, {WriterCount} writers, seed {seed}, server log {log}");

var acknowledged = new List<Acknowledged>();
// Each account's feed as the last check read it: what was served once must still be there after the next crash.
var feeds = new Dictionary<int, List<FeedEvent>>();
int passed = 0, failed = 0, totalLost = 0, totalMissingFromFeeds = 0, totalReplayed = 0, totalInFlight = 0;
int totalInFlightReplayed = 0, totalInFlightCreated = 0;
var lastFeeds = "";
var server = await ServerProcess.StartAsync(appDll, database, log);
var accounts = await CreateAccountsAsync(server.Url, WriterCount);

for (var round = 1; round <= killRounds + 1; round++)
{
    var graceful = round == killRounds + 1;
    var roundAcks = new ConcurrentQueue<Acknowledged>();
    var inFlight = new ConcurrentQueue<Send>();
    var problems = new List<string>();
    // Odd rounds kill at a random moment; even ones the instant the Nth acknowledgement arrives, when
    // the writes acknowledged just before are the youngest they can be.
    var killAtAck = !graceful && round % 2 == 0 ? random.Next(WriterCount, 400) : 0;
    var killed = 0;
    var stopPoint = "";
    using (var stop = new CancellationTokenSource())
    {
        var victim = server;
        void OnAcknowledged()
        {
            if (killAtAck > 0 && roundAcks.Count >= killAtAck && Interlocked.Exchange(ref killed, 1) == 0)
                victim.KillHard();
        }
        var writers = Writers.Start(server.Url, accounts, round, roundAcks, inFlight, OnAcknowledged, stop.Token);
        // The random kill point falls in the busy phase: after the first acknowledgements, not during connects.
        var warmUp = DateTime.UtcNow.AddSeconds(30);
        // Writers that all gave up (a refusal is reported below) leave nothing to wait for.
        bool WritersDone() => writers.All(w => w.IsCompleted);
        while (roundAcks.Count < WriterCount && DateTime.UtcNow < warmUp && !WritersDone())
            await Task.Delay(10);
        if (killAtAck > 0)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Volatile.Read(ref killed) == 0 && DateTime.UtcNow < deadline && !WritersDone())
                await Task.Delay(10);
            if (Interlocked.Exchange(ref killed, 1) == 0)
                server.KillHard();
            stopPoint = $"kill -9 at acknowledgement {killAtAck}";
            await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
        else
        {
            var killAfter = TimeSpan.FromMilliseconds(random.Next(50, 2500));
            await Task.Delay(killAfter);
            stopPoint = $"{(graceful ? "SIGTERM" : "kill -9")} {killAfter.TotalMilliseconds:F0} ms into the writes";
            if (graceful)
            {
                // Writers keep sending while the server shuts down: in-flight writes must still finish.
                server.Terminate();
                if (!await server.WaitForExitAsync(TimeSpan.FromSeconds(60)))
                    problems.Add("the server did not exit within 60 s of SIGTERM");
                else if (server.ExitCode != 0)
                    problems.Add($"the server exited with code {server.ExitCode} after SIGTERM");
                // LiteDB deletes its write-ahead file when the database is closed, and only then.
                else if (File.Exists(Path.Combine(work.FullName, "chat-log.db")))
                    problems.Add("the server exited without closing the database: chat-log.db is still there");
            }
            else
            {
                server.KillHard();
                await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }
        }
        stop.Cancel();
        foreach (var failure in await Task.WhenAll(writers))
            if (failure is not null)
                problems.Add(failure);
    }
    await server.DisposeAsync();
    acknowledged.AddRange(roundAcks);

    // Restart on the same file: it must open cleanly and hold everything acknowledged so far.
    // The restarted server then carries the next round.
    server = await ServerProcess.StartAsync(appDll, database, log);
    var found = await CheckAsync("after the restart");
    var lost = found?.Lost ?? 0;
    var missingFromFeeds = found?.MissingFromFeeds ?? 0;
    if (roundAcks.IsEmpty)
        problems.Add("no message was acknowledged before the stop, so the round proves nothing");

    // Send again as a client that never saw the answer would: the youngest acknowledged send of each
    // writer (most likely in the last batch before the kill) and one older one over REST, one over the
    // hub, and every send that was in flight at the stop; then check everything again.
    var youngest = roundAcks.GroupBy(a => a.From).Select(g => g.Last()).ToList();
    var older = acknowledged.Except(youngest).OrderBy(_ => random.Next()).Take(2).ToList();
    RetryOutcome? retried = null;
    try
    {
        retried = await Retries.RunAsync(server.Url, accounts, youngest.Concat(older.Take(1)), older.Skip(1), inFlight);
        problems.AddRange(retried.Problems);
        acknowledged.AddRange(retried.NowAcknowledged);
    }
    catch (Exception e) when (e is HttpRequestException or InvalidOperationException or JsonException or TaskCanceledException)
    {
        problems.Add($"sending again after the restart failed: {e.Message}");
    }
    var afterRetries = await CheckAsync("after the retries");
    lost += afterRetries?.Lost ?? 0;
    missingFromFeeds += afterRetries?.MissingFromFeeds ?? 0;

    totalLost += lost;
    totalMissingFromFeeds += missingFromFeeds;
    totalReplayed += retried?.Replayed ?? 0;
    totalInFlight += retried?.InFlight ?? 0;
    totalInFlightReplayed += retried?.InFlightReplayed ?? 0;
    totalInFlightCreated += retried?.InFlightCreated ?? 0;
    lastFeeds = afterRetries?.FeedSummary ?? lastFeeds;
    var verdict = problems.Count == 0 ? "passed" : "FAILED";
    Console.WriteLine($"round {round}: {stopPoint}, acknowledged {roundAcks.Count}, lost {lost}, missing from feeds {missingFromFeeds}, " +
                      $"feeds {afterRetries?.FeedLengths.Values.Sum() ?? 0} events; replayed {retried?.Replayed ?? 0}/{youngest.Count + older.Count} acknowledged, " +
                      $"in flight {retried?.InFlight ?? 0}: {retried?.InFlightReplayed ?? 0} replayed, {retried?.InFlightCreated ?? 0} created: {verdict}");
    foreach (var problem in problems.Take(10))
        Console.WriteLine($"  {problem}");
    if (problems.Count == 0) passed++; else failed++;

    async Task<Findings?> CheckAsync(string when)
    {
        try
        {
            var findings = await Verifier.CheckAsync(server.Url, accounts, acknowledged, feeds);
            problems.AddRange(findings.Problems.Select(p => $"{when}: {p}"));
            return findings;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or JsonException or
                                      KeyNotFoundException or TaskCanceledException)
        {
            problems.Add($"{when}: reading back failed: {e.Message}");
            return null;
        }
    }
}
await server.DisposeAsync();

Console.WriteLine($"rounds {killRounds + 1}, acknowledged {acknowledged.Count}, lost {totalLost}, missing from feeds {totalMissingFromFeeds}; " +
                  $"feeds {lastFeeds}; acknowledged sends replayed {totalReplayed}, in flight {totalInFlight}: " +
                  $"{totalInFlightReplayed} replayed, {totalInFlightCreated} created");
if (failed == 0)
    work.Delete(recursive: true);
else
    Console.WriteLine($"kept {work.FullName} for inspection");
Console.WriteLine($"{passed} passed, {failed} failed");
return failed == 0 ? 0 : 1;

static async Task<List<Account>> CreateAccountsAsync(Uri server, int count)
{
    using var http = new HttpClient { BaseAddress = server };
    var accounts = new List<Account>();
    for (var i = 0; i < count; i++)
    {
        var credentials = new { username = $"writer{i}", password = $"crash-test-password-{i}" };
        var created = await http.PostAsJsonAsync("/user", credentials);
        if (created.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"POST /user answered {(int)created.StatusCode}");
        var user = await created.Content.ReadFromJsonAsync<JsonElement>();
        var login = await http.PostAsJsonAsync("/login", credentials);
        var token = await login.Content.ReadFromJsonAsync<JsonElement>();
        accounts.Add(new Account(user.GetProperty("id").GetInt32(), credentials.username,
            token.GetProperty("access_token").GetString()!));
    }
    return accounts;
}
