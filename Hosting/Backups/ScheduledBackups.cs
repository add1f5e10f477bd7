using System.Diagnostics;
using ChatApp.Data;
using Microsoft.Extensions.Options;

namespace ChatApp.Hosting.Backups;

/// <summary>
/// Every <c>Backup:IntervalHours</c>, a consistent copy of the database (<see cref="ChatDatabase.BackupAsync"/>,
/// taken while writes go on) into <c>Backup:Directory</c>; the oldest beyond <c>Backup:Keep</c> are deleted.
/// </summary>
public sealed class ScheduledBackups(ChatDatabase database, IOptions<BackupOptions> options, TimeProvider clock,
    ILogger<ScheduledBackups> logger) : BackgroundService
{
    /// <summary>The names this service writes, and the only files it ever deletes.</summary>
    public const string Pattern = "chat-????????-??????.db";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backups = options.Value;
        if (string.IsNullOrWhiteSpace(backups.Directory))
            return;
        var directory = Path.GetFullPath(backups.Directory);
        logger.LogInformation("Scheduled backups: every {Hours} h into {Directory}, keeping the newest {Keep}",
            backups.IntervalHours, directory, backups.Keep);
        using var timer = new PeriodicTimer(TimeSpan.FromHours(backups.IntervalHours), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await BackUpAsync(directory, backups.Keep);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    async Task BackUpAsync(string directory, int keep)
    {
        var path = Path.Combine(directory, $"chat-{clock.GetUtcNow():yyyyMMdd-HHmmss}.db");
        var started = Stopwatch.GetTimestamp();
        try
        {
            await database.BackupAsync(path);
        }
        // A full disk or a missing permission must not stop the server: the next interval tries again.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError("Backup to {Path} failed: {Reason}", path, e.Message);
            return;
        }
        logger.LogInformation("Backup written to {Path} ({Bytes} bytes in {Ms} ms)",
            path, new FileInfo(path).Length, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        // The names sort by time, so the newest come first in reverse ordinal order.
        foreach (var old in Directory.GetFiles(directory, Pattern).OrderDescending(StringComparer.Ordinal).Skip(keep))
        {
            try
            {
                File.Delete(old);
                logger.LogInformation("Old backup {Path} deleted (Backup:Keep is {Keep})", old, keep);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Old backup {Path} not deleted: {Reason}", old, e.Message);
            }
        }
    }
}
