using ChatApp.Bench.Infrastructure;
using ChatApp.Bench.Reporting;

namespace ChatApp.Bench;

/// <summary>What every scenario shares: options, the report, a temp folder for databases, the HTTP floor.</summary>
public sealed class BenchContext(BenchOptions options, Report report, string tempDir, ChildServer httpFloor)
{
    public BenchOptions Options => options;
    public Report Report => report;
    public ChildServer HttpFloor => httpFloor;

    /// <summary>This run's temp folder (deleted at the end): databases, wrk scripts, publish output.</summary>
    public string TempDir => tempDir;

    public string NewDbPath(string name) => Path.Combine(tempDir, $"{name}-{Guid.NewGuid():N}.db");

    public Task<Measurement> Loop(int concurrency, Func<int, Task<bool>> operation, ChildServer? server = null) =>
        LoadLoop.RunAsync(concurrency, options.Warmup, options.Window, operation,
            server is null ? null : () => server.Stats().CpuSeconds);
}
