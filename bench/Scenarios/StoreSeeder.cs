using System.Diagnostics;
using ChatApp.Bench.Infrastructure;
using LiteDB;

namespace ChatApp.Bench.Scenarios;

public sealed record SeededPair(int A, string AUsername, int B, int Messages);

public sealed record SeededStore(string Source, int Messages, SeededPair Busy, SeededPair Quiet);

/// <summary>
/// Fills a database file with ChatApp's seeding command (<c>ChatApp seed users|messages</c>), then finds
/// the busiest conversation and the quietest one that fills a page, by reading the file before the server opens it.
/// </summary>
public static class StoreSeeder
{
    public const string SeededPassword = "seeded-password";
    public const int PageSize = 50;

    public static async Task<SeededStore> FillAsync(string dbPath, int users, int messages)
    {
        var watch = Stopwatch.StartNew();
        if (!await RunSeedAsync(dbPath, "users", users))
            throw new InvalidOperationException("this ChatApp build has no 'seed' command: it started the web server instead");
        if (!await RunSeedAsync(dbPath, "messages", messages))
            throw new InvalidOperationException("'seed messages' started the web server after 'seed users' worked");
        const string source = "ChatApp seed CLI";
        Console.WriteLine($"  seeded {messages:N0} messages with {source} in {watch.Elapsed.TotalSeconds:0} s");
        var (busy, quiet) = FindPairs(dbPath);
        return new SeededStore(source, messages, busy, quiet);
    }

    /// <summary>
    /// Runs <c>ChatApp seed KIND --count N --seed 1 --db PATH</c>. A build without the seed command starts
    /// the web server instead: that is detected by a 200 on a port given to it, and answered with false.
    /// </summary>
    static async Task<bool> RunSeedAsync(string dbPath, string kind, int count)
    {
        var port = FreePort.Next();
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ServerBuild.PublishDir,
        };
        foreach (var arg in new[] { ServerBuild.Dll, "seed", kind, "--count", count.ToString(), "--seed", "1", "--db", dbPath })
            psi.ArgumentList.Add(arg);
        foreach (var (key, value) in ChildServer.ChatAppEnvironment)
            psi.Environment[key] = value;
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        while (!process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/");
                if (response.IsSuccessStatusCode)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                    return false;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"seed {kind} exited with {process.ExitCode}:\n{await output}\n{await errors}");
        return true;
    }

    /// <summary>Counts messages per conversation (the first 16 hex digits of the message key).</summary>
    static (SeededPair Busy, SeededPair Quiet) FindPairs(string dbPath)
    {
        using var db = new LiteDatabase(new ConnectionString { Filename = dbPath, ReadOnly = true, Connection = ConnectionType.Direct });
        var counts = new Dictionary<string, int>();
        using (var reader = db.Execute("SELECT $.Key FROM messages"))
            while (reader.Read())
            {
                var conversation = reader.Current["Key"].AsString[..16];
                counts[conversation] = counts.GetValueOrDefault(conversation) + 1;
            }
        if (counts.Count == 0)
            throw new InvalidOperationException("the seeded store holds no message");
        var ordered = counts.Where(c => c.Key[..8] != c.Key[8..]).OrderByDescending(c => c.Value).ToList();
        // The quiet pair still fills a page, so that both pairs compare the cost of the same 50 messages.
        var quiet = ordered.LastOrDefault(c => c.Value >= PageSize, ordered[^1]);
        var users = db.GetCollection("users");
        SeededPair Pair(KeyValuePair<string, int> c)
        {
            var a = Convert.ToInt32(c.Key[..8], 16);
            var b = Convert.ToInt32(c.Key[8..], 16);
            return new SeededPair(a, users.FindById(a)["Username"].AsString, b, c.Value);
        }
        return (Pair(ordered[0]), Pair(quiet));
    }
}
