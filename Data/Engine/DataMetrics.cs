using System.Diagnostics.Metrics;

namespace ChatApp.Data.Engine;

/// <summary>What the store measures: how writes are grouped, what one fsync costs, how many messages are stored.</summary>
public static class DataMetrics
{
    public const string MeterName = "ChatApp.Data";

    static readonly Meter Meter = new(MeterName);

    internal static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "chatapp.db.batch.size", "{write}", "Writes committed together in one transaction and one fsync (group commit)",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });

    internal static readonly Histogram<double> FsyncDuration = Meter.CreateHistogram<double>(
        "chatapp.db.fsync.duration", "s", "Time to fsync LiteDB's log once per batch, before any write of it is answered",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1] });

    internal static readonly Histogram<double> CheckpointDuration = Meter.CreateHistogram<double>(
        "chatapp.db.checkpoint.duration", "s", "Time to copy LiteDB's log into the data file; writes wait meanwhile",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1] });

    internal static readonly Histogram<long> CheckpointPages = Meter.CreateHistogram<long>(
        "chatapp.db.checkpoint.pages", "{page}", "Log pages (8 KB) a checkpoint found",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [10, 50, 100, 200, 500, 1000, 2000, 5000, 10000] });

    internal static readonly Counter<long> MessagesStored = Meter.CreateCounter<long>(
        "chatapp.messages.stored", "{message}", "Messages written to disk (replayed client ids not counted)");
}
