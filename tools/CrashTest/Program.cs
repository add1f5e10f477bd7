using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrashTest;

// Crash test: the real server, concurrent writers over REST and the hub, kill -9 at a random moment,
// restart on the same file, and every acknowledged message must be there exactly once, in order, intact.
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
int passed = 0, failed = 0, totalLost = 0;
var server = await ServerProcess.StartAsync(appDll, database, log);
var accounts = await CreateAccountsAsync(server.Url, WriterCount);

for (var round = 1; round <= killRounds + 1; round++)
{
    var graceful = round == killRounds + 1;
    var roundAcks = new ConcurrentQueue<Acknowledged>();
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
        var writers = Writers.Start(server.Url, accounts, round, roundAcks, OnAcknowledged, stop.Token);
        // The random kill point falls in the busy phase: after the first acknowledgements, not during connects.
        var warmUp = DateTime.UtcNow.AddSeconds(30);
        while (roundAcks.Count < WriterCount && DateTime.UtcNow < warmUp)
            await Task.Delay(10);
        if (killAtAck > 0)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Volatile.Read(ref killed) == 0 && DateTime.UtcNow < deadline)
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
    var (lost, missing) = await Verifier.CheckAsync(server.Url, accounts, acknowledged);
    problems.AddRange(missing);
    if (roundAcks.IsEmpty)
        problems.Add("no message was acknowledged before the stop, so the round proves nothing");
    totalLost += lost;
    var verdict = problems.Count == 0 ? "passed" : "FAILED";
    Console.WriteLine($"round {round}: {stopPoint}, acknowledged {roundAcks.Count}, lost {lost}: {verdict}");
    foreach (var problem in problems.Take(10))
        Console.WriteLine($"  {problem}");
    if (problems.Count == 0) passed++; else failed++;
}
await server.DisposeAsync();

Console.WriteLine($"rounds {killRounds + 1}, acknowledged {acknowledged.Count}, lost {totalLost}");
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
