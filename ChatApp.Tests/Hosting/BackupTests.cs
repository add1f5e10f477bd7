using System.Diagnostics;
using System.Net.Http.Json;
using ChatApp.Data;
using ChatApp.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace ChatApp.Tests.Hosting;

public sealed class BackupTests(ITestOutputHelper output)
{
    static readonly Dictionary<string, string?> NoLimits = new() { ["RateLimits:Enabled"] = "false" };

    [Fact]
    public async Task RestoringABackupBringsBackExactlyTheBackedUpState()
    {
        var path = ChatAppFactory.TempDatabasePath();
        var backup = Path.Combine(Path.GetDirectoryName(path)!, "backups", "chat-1.db");
        string before;
        await using (var app = new ChatAppFactory(path, NoLimits))
        {
            var ada = await app.CreateUserAsync("ada");
            var bob = await app.CreateUserAsync("bob");
            for (var i = 0; i < 5; i++)
                await app.ClientFor(ada).SendMessageAsync(bob.Id, $"before {i}");
            before = await app.ClientFor(bob).GetStringAsync($"/message/{ada.Id}");

            await app.Service<ChatDatabase>().BackupAsync(backup);
            for (var i = 0; i < 3; i++)
                await app.ClientFor(ada).SendMessageAsync(bob.Id, $"after {i}");
            await app.CreateUserAsync("carol");
        }

        // The README's restore: stop, copy the backup over the database (and drop its log), start.
        File.Copy(backup, path, overwrite: true);
        File.Delete(Path.ChangeExtension(path, null) + "-log.db");
        await using (var restored = new ChatAppFactory(path, NoLimits))
        {
            var users = restored.Service<ChatApp.Data.Stores.UserStore>();
            var bob = users.FindByUsername("bob")!;
            var ada = users.FindByUsername("ada")!;
            Assert.Null(users.FindByUsername("carol"));
            Assert.Equal(before, await restored.ClientFor(bob).GetStringAsync($"/message/{ada.Id}"));
        }
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public async Task ABackupTakenWhileWritesRunIsOpenableAndAConsistentPrefixOfThem()
    {
        using var seed = new SeedRun();
        Assert.Equal(0, seed.Run("users", "--count", "20", "--seed", "3").Code);
        Assert.Equal(0, seed.Run("messages", "--count", "20000", "--seed", "4").Code);
        var backup = Path.Combine(Path.GetDirectoryName(seed.DatabasePath)!, "during.db");
        await using var app = new ChatAppFactory(seed.DatabasePath, NoLimits);
        var users = app.Service<ChatApp.Data.Stores.UserStore>().All().Take(2).ToList();
        var client = app.ClientFor(users[0]);
        await client.SendMessageAsync(users[1].Id, "warm up");

        using var stop = new CancellationTokenSource();
        var latencies = new List<double>();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var started = Stopwatch.GetTimestamp();
                (await client.PostAsJsonAsync($"/message/{users[1].Id}", new { body = $"during {i}" })).EnsureSuccessStatusCode();
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
        await Task.Delay(200);
        var backupStarted = Stopwatch.GetTimestamp();
        await app.Service<ChatDatabase>().BackupAsync(backup);
        var backupMs = Stopwatch.GetElapsedTime(backupStarted).TotalMilliseconds;
        await Task.Delay(200);
        stop.Cancel();
        await writer;

        var sorted = latencies.Order().ToList();
        output.WriteLine($"backup of {new FileInfo(backup).Length / 1024} KiB took {backupMs:F0} ms; {latencies.Count} sends during the run: " +
            $"median {sorted[sorted.Count / 2]:F1} ms, max {sorted[^1]:F1} ms");
        using var copy = ChatDatabase.Open(backup);
        var ids = copy.Messages.Query().Select(m => m.Id).ToList();
        var total = 20_000 + 1 + latencies.Count;
        Assert.InRange(ids.Count, 20_001, total);
        // A prefix: every message up to the newest one in the copy, and nothing after a gap.
        Assert.Equal(ids.Count, ids.Max());
        Assert.Equal(20, copy.Users.Count());
    }

    [Fact]
    public async Task ScheduledBackupsWriteTimestampedFilesAndKeepOnlyTheNewest()
    {
        var directory = Path.Combine(Path.GetTempPath(), "chatapp-tests", Guid.NewGuid().ToString("N"), "backups");
        await using var app = new ChatAppFactory(settings: new Dictionary<string, string?>
        {
            ["Backup:Directory"] = directory,
            ["Backup:IntervalHours"] = "1",
            ["Backup:Keep"] = "2",
        });
        await app.CreateUserAsync("ada");

        var written = new HashSet<string>();
        for (var waited = 0; written.Count < 3 && waited < 400; waited++)
        {
            if (waited % 10 == 0)
                app.Clock.Advance(TimeSpan.FromHours(1));
            await Task.Delay(25);
            if (Directory.Exists(directory))
                written.UnionWith(Directory.GetFiles(directory, "chat-*.db").Select(Path.GetFileName)!);
        }

        Assert.True(written.Count >= 3, $"backups written: {string.Join(", ", written)}");
        await Task.Delay(100);
        var kept = Directory.GetFiles(directory).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(written.Order().TakeLast(2), kept);
        Assert.All(kept, name => Assert.Matches(@"^chat-2026112[45]-\d{6}\.db$", name!));
        Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
    }

    [Fact]
    public void InvalidBackupSettingsStopTheServerAtStart()
    {
        using var app = new ChatAppFactory(settings: new Dictionary<string, string?> { ["Backup:Keep"] = "0" });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("Backup:Keep", error.Message);
    }
}
