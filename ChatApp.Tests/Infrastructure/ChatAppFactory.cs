using ChatApp.Data;
using ChatApp.Data.Engine;
using ChatApp.Data.Stores;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatApp.Tests.Infrastructure;

/// <summary>
/// The real app on a test server, with its own temp database file and a fixed clock so that
/// snapshots are stable. Everything else runs with production defaults.
/// </summary>
public sealed class ChatAppFactory : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 8, 15, 30, 123, TimeSpan.Zero);

    readonly Dictionary<string, string?> _settings;
    readonly bool _ownsDirectory;

    public string DatabasePath { get; }
    public FakeTimeProvider Clock { get; } = new(Start);

    /// <param name="databasePath">Reuse a file (to test a restart); by default a new temp one.</param>
    /// <param name="settings">Configuration keys to override, e.g. <c>["RateLimits:Enabled"] = "false"</c>.</param>
    public ChatAppFactory(string? databasePath = null, IDictionary<string, string?>? settings = null)
    {
        _ownsDirectory = databasePath is null;
        DatabasePath = databasePath ?? TempDatabasePath();
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Database:Path"] = DatabasePath,
        };
    }

    public static string TempDatabasePath() =>
        Path.Combine(Path.GetTempPath(), "chatapp-tests", Guid.NewGuid().ToString("N"), "chat.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
            return;
        WaitUntilTheDatabaseIsClosed();
        if (_ownsDirectory)
            TryDeleteDirectory(Path.GetDirectoryName(DatabasePath)!);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        WaitUntilTheDatabaseIsClosed();
        if (_ownsDirectory)
            TryDeleteDirectory(Path.GetDirectoryName(DatabasePath)!);
    }

    /// <summary>
    /// With minimal hosting the app's own thread disposes its services too, and the factory's dispose can return
    /// before that thread has closed the database: a test that then reads or replaces the files would race its final
    /// checkpoint (seen under load: the log still there, then checkpointed over a restored backup). Returns once the
    /// database has released its file lock, which is its last step.
    /// </summary>
    void WaitUntilTheDatabaseIsClosed()
    {
        if (!File.Exists(DatabasePath + ".lock"))
            return;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                DatabaseLock.Acquire(DatabasePath).Dispose();
                return;
            }
            catch (DatabaseUnavailableException) when (DateTime.UtcNow < deadline)
            {
            }
            catch (DatabaseUnavailableException)
            {
                return;
            }
        }
    }

    static void TryDeleteDirectory(string path)
    {
        try { Directory.Delete(path, recursive: true); }
        catch (IOException) { }
    }
}
