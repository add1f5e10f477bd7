using System.Reflection;
using LiteDB.Engine;

namespace ChatApp.Data;

/// <summary>
/// LiteDB hands the pages of a commit to a background log writer and returns before they are written.
/// LiteDB 5.0.20 has no public way to wait for that writer; its checkpoint waits through
/// <c>DiskService.Queue.Value.Wait()</c>, which this calls without the checkpoint's copy and cache flush.
/// </summary>
public static class LiteLogWriter
{
    /// <summary>An action that returns once every page queued for the log so far has been written to the stream.</summary>
    public static Action WaitForQueuedPages(LiteEngine engine)
    {
        const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;
        var disk = typeof(LiteEngine).GetField("_disk", Private)?.GetValue(engine);
        var lazyQueue = disk?.GetType().GetProperty("Queue")?.GetValue(disk);
        var queue = lazyQueue?.GetType().GetProperty("Value")?.GetValue(lazyQueue);
        var wait = queue?.GetType().GetMethod("Wait", Type.EmptyTypes);
        if (queue is null || wait is null)
            throw new InvalidOperationException(
                $"LiteDB {typeof(LiteEngine).Assembly.GetName().Version} has no log writer queue where 5.0.20 has it; " +
                "ChatApp cannot confirm writes as durable with this version.");
        return wait.CreateDelegate<Action>(queue);
    }
}
