using System.Reflection;
using LiteDB.Engine;

namespace ChatApp.Data.Engine;

/// <summary>
/// LiteDB hands the pages of a commit to a background log writer and returns before they are written.
/// LiteDB 5.0.20 has no public way to wait for that writer; its checkpoint waits through
/// <c>DiskService.Queue.Value.Wait()</c>, which this calls without the checkpoint's copy and cache flush.
/// </summary>
public static class LiteLogWriter
{
    const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;
    static readonly FieldInfo? Disk = typeof(LiteEngine).GetField("_disk", Private);
    static readonly PropertyInfo? Queue = Disk?.FieldType.GetProperty("Queue");
    static readonly PropertyInfo? QueueValue = Queue?.PropertyType.GetProperty("Value");
    static readonly MethodInfo? Wait = QueueValue?.PropertyType.GetMethod("Wait", Type.EmptyTypes);

    /// <summary>Whether the LiteDB this was built with has its log writer queue where 5.0.20 has it.</summary>
    public static bool IsSupported => Wait is not null;

    public static string Unsupported =>
        $"LiteDB {typeof(LiteEngine).Assembly.GetName().Version} has no log writer queue where 5.0.20 has it; " +
        "ChatApp cannot confirm writes as durable with this version";

    /// <summary>An action that returns once every page queued for the log so far has been written to the stream.</summary>
    public static Action WaitForQueuedPages(LiteEngine engine)
    {
        if (!IsSupported)
            throw new NotSupportedException(Unsupported);
        var queue = QueueValue!.GetValue(Queue!.GetValue(Disk!.GetValue(engine)));
        return Wait!.CreateDelegate<Action>(queue);
    }
}
