using System.Diagnostics;
using HdrHistogram;

namespace ChatApp.Bench.Infrastructure;

/// <summary>
/// A closed loop: <c>concurrency</c> workers each run one operation after another. The first
/// <c>warmup</c> is not counted; then operations that start and end within the window are recorded.
/// </summary>
public static class LoadLoop
{
    public static async Task<Measurement> RunAsync(
        int concurrency, TimeSpan warmup, TimeSpan window, Func<int, Task<bool>> operation, Func<double>? serverCpu = null)
    {
        var histogram = new LongConcurrentHistogram(1, 120_000_000, 3); // microseconds, up to 2 minutes
        long completed = 0, errors = 0;
        var start = Stopwatch.GetTimestamp();
        var from = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var to = from + (long)(window.TotalSeconds * Stopwatch.Frequency);
        double? cpuAtStart = null, cpuAtEnd = null;
        var sampler = serverCpu is null ? Task.CompletedTask : Task.Run(async () =>
        {
            await Task.Delay(warmup);
            cpuAtStart = serverCpu();
            await Task.Delay(window);
            cpuAtEnd = serverCpu();
        });

        async Task Worker(int worker)
        {
            await Task.Yield();
            while (true)
            {
                var t0 = Stopwatch.GetTimestamp();
                if (t0 >= to)
                    return;
                bool ok;
                try
                {
                    ok = await operation(worker);
                }
                catch (Exception)
                {
                    ok = false;
                }
                var t1 = Stopwatch.GetTimestamp();
                if (t0 < from || t1 > to)
                    continue;
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }
                Interlocked.Increment(ref completed);
                histogram.RecordValue(Math.Max(1, (t1 - t0) * 1_000_000 / Stopwatch.Frequency));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(Worker));
        await sampler;
        return FromHistogram(histogram, completed, errors, window.TotalSeconds,
            cpuAtEnd is { } end && cpuAtStart is { } begin ? end - begin : null);
    }

    public static Measurement FromHistogram(HistogramBase histogram, long completed, long errors, double seconds, double? cpu) =>
        histogram.TotalCount == 0
            ? new Measurement(completed, errors, seconds, double.NaN, double.NaN, double.NaN, cpu)
            : new Measurement(completed, errors, seconds,
                histogram.GetValueAtPercentile(50) / 1000.0,
                histogram.GetValueAtPercentile(99) / 1000.0,
                histogram.GetMaxValue() / 1000.0,
                cpu);
}
