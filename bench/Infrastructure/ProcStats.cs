namespace ChatApp.Bench.Infrastructure;

/// <summary>A process's resident memory and CPU time, read from /proc (Linux only).</summary>
public readonly record struct ProcStats(double RssMb, double CpuSeconds)
{
    static readonly double TicksPerSecond = 100; // USER_HZ: 100 on every Linux this runs on.

    public static ProcStats Read(int pid)
    {
        double rssKb = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                rssKb = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]); // utime + stime (fields 14, 15)
        return new ProcStats(rssKb / 1024, ticks / TicksPerSecond);
    }

    /// <summary>How many threads a process has (the thread pool grows when its threads block).</summary>
    public static int Threads(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("Threads:", StringComparison.Ordinal))
                return int.Parse(line.AsSpan(8).Trim());
        return 0;
    }

    /// <summary>CPU seconds this process (the bench: load generator and clients) has used so far.</summary>
    public static double OwnCpuSeconds() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>The one-minute load average alone, for a figure beside a measurement.</summary>
    public static double LoadAverage1() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    public static string LoadAverage() =>
        string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
