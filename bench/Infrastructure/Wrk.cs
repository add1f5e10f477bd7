using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace ChatApp.Bench.Infrastructure;

/// <summary>
/// One wrk run and what it printed, with the CPU that wrk and the server used over it. <see cref="Measurement"/>
/// counts only 2xx/3xx answers as operations; wrk's own Requests/sec (every answer) is beside it.
/// </summary>
public sealed record WrkResult(
    Measurement Measurement,
    double RequestsPerSecond,
    double P75Ms,
    double P90Ms,
    long Non2xx,
    long SocketErrors,
    string SocketErrorDetail,
    long StartedTimestamp)
{
    public string Summary =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Measurement.PerSecond:N0}/s, p50 {Measurement.P50Ms:0.00} ms, p75 {P75Ms:0.00}, p90 {P90Ms:0.00}, "
            + $"p99 {Measurement.P99Ms:0.00}, max {Measurement.MaxMs:0.0} ms, non-2xx {Non2xx}, socket errors {SocketErrors}, "
            + $"wrk cpu {Measurement.GeneratorCpuSeconds:0.00} s, server cpu {Measurement.ServerCpuSeconds:0.00} s "
            + $"(generator share {Measurement.GeneratorCpuShare:0.00}), server cpu {Measurement.CpuMsPerOp:0.000} ms/req");
}

/// <summary>
/// wrk (the C load generator) as the bench's load for plain HTTP routes: it costs a fraction of the CPU
/// per request that the bench's own .NET loop does, so on a 2-core box the figure is the server's, not the
/// generator's. Always <c>-t2 -c64</c>, with a generated Lua script; wrk's CPU comes from its own
/// <c>/proc/self/stat</c>, read by the script's <c>done()</c> after every thread has stopped, just before exit.
/// </summary>
public static class Wrk
{
    public const int Threads = 2;
    public const int Connections = 64;

    /// <summary>
    /// Makes sure wrk is on PATH: installed with apt-get when missing and running as root, otherwise an
    /// exception whose message says how to install it.
    /// </summary>
    public static async Task EnsureInstalledAsync()
    {
        if (OnPath("wrk"))
            return;
        if (geteuid() != 0)
            throw new InvalidOperationException("wrk is not installed: run 'sudo apt-get install -y wrk' (Debian/Ubuntu) and try again");
        Console.WriteLine("wrk is not installed: apt-get install -y wrk …");
        if (await AptGetAsync("install", "-y", "wrk") != 0)
        {
            await AptGetAsync("update");
            await AptGetAsync("install", "-y", "wrk");
        }
        if (!OnPath("wrk"))
            throw new InvalidOperationException("wrk is not installed and 'apt-get install -y wrk' did not install it; install wrk by hand and try again");
    }

    static bool OnPath(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, file)));

    static async Task<int> AptGetAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("apt-get") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.WriteLine($"apt-get cannot be started: {e.Message}");
            return -1;
        }
        using var _ = process;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            Console.WriteLine($"apt-get {string.Join(' ', args)} failed ({process.ExitCode}): {(await errors).Trim()}");
        await output;
        return process.ExitCode;
    }

    [DllImport("libc")]
    static extern uint geteuid();

    /// <summary>
    /// Writes <c>NAME.users.lua</c> and <c>NAME.lua</c> into <paramref name="dir"/>: each request is one of
    /// <paramref name="users"/> sending <paramref name="body"/> to the next one (the last to the first), the
    /// users taken in turn; each wrk thread starts at its own offset in the list. Returns the script's path.
    /// </summary>
    public static string WriteSendScript(string dir, string name, IReadOnlyList<BenchUser> users, string body)
    {
        Directory.CreateDirectory(dir);
        var usersPath = Path.Combine(dir, $"{name}.users.lua");
        var list = new StringBuilder("users = {\n");
        foreach (var user in users)
            list.Append(CultureInfo.InvariantCulture, $"  {{id={user.Id}, token=\"{user.Token}\"}},\n");
        File.WriteAllText(usersPath, list.Append("}\n").ToString());

        var json = $"{{\"body\":\"{body}\"}}";
        if (json.Contains('\'') || json.Contains('\\') || usersPath.Contains("]]"))
            throw new ArgumentException("the body or the temp path cannot be quoted in the generated Lua");
        var scriptPath = Path.Combine(dir, $"{name}.lua");
        File.WriteAllText(scriptPath, $$"""
            -- Generated by the ChatApp bench: user i sends to user i+1 (the last to the first), users in turn.
            dofile([[{{usersPath}}]])
            local n = #users
            local body = '{{json}}'
            local reqs = {}
            local counter = 0
            local threads = 0

            -- In the main state, once per thread before its init: each thread starts at its own place in the list.
            function setup(thread)
              thread:set("offset", (threads * math.floor(n / {{Threads}})) % n)
              threads = threads + 1
            end

            function init(args)
              counter = offset or 0
              for i = 1, n do
                local j = (i % n) + 1
                reqs[i] = wrk.format("POST", "/message/" .. users[j].id,
                  {["Authorization"] = "Bearer " .. users[i].token, ["Content-Type"] = "application/json"}, body)
              end
            end

            function request()
              counter = counter + 1
              return reqs[(counter % n) + 1]
            end

            -- After every thread has stopped, just before wrk exits: its own CPU time (utime, stime in clock ticks).
            function done(summary, latency, requests)
              local f = io.open("/proc/self/stat", "r")
              local stat = f:read("*a")
              f:close()
              local fields = {}
              for field in stat:match("%) (.*)$"):gmatch("%S+") do fields[#fields + 1] = field end
              io.write(string.format("bench-cpu-ticks: %s %s\n", fields[12], fields[13]))
            end

            """);
        return scriptPath;
    }

    /// <summary>
    /// <c>wrk -t2 -c64 -d&lt;duration&gt;s --latency -s script</c> against <paramref name="server"/>; the server's CPU
    /// is read just before wrk starts and just after it exits.
    /// </summary>
    public static async Task<WrkResult> RunAsync(ChildServer server, string script, TimeSpan duration)
    {
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds)); // wrk takes whole seconds
        var psi = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     $"-t{Threads}", $"-c{Connections}", $"-d{seconds}s", "--latency", "-s", script,
                     server.BaseAddress.ToString().TrimEnd('/'),
                 })
            psi.ArgumentList.Add(arg);

        var serverCpuBefore = server.Stats().CpuSeconds;
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using (var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 30)))
        {
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                throw new TimeoutException($"wrk (pid {process.Id}) did not finish a {seconds} s run within {seconds + 30} s");
            }
        }
        var serverCpu = server.Stats().CpuSeconds - serverCpuBefore;
        var text = await output;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}):\n{text}\n{await errors}");
        try
        {
            return Parse(text, serverCpu, started);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"cannot read wrk's output ({e.Message}):\n{text}\n{await errors}");
        }
    }

    /// <summary>wrk's text report, <c>--latency</c> on, plus the line the script's <c>done()</c> writes.</summary>
    public static WrkResult Parse(string text, double serverCpuSeconds, long startedTimestamp)
    {
        var latency = Match(text, @"^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)", "the Latency line");
        var percentiles = new Dictionary<int, double>();
        foreach (Match m in Regex.Matches(text, @"^\s*(50|75|90|99)%\s+(\S+)\s*$", RegexOptions.Multiline))
            percentiles[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)] = Milliseconds(m.Groups[2].Value);
        if (percentiles.Count != 4)
            throw new FormatException("the latency distribution (50/75/90/99 %) is incomplete");
        var total = Match(text, @"^\s*(\d+) requests in (\S+),", "the requests line");
        var requests = long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture);
        var runSeconds = Milliseconds(total.Groups[2].Value) / 1000;
        var perSecond = Number(Match(text, @"^Requests/sec:\s+(\S+)", "Requests/sec").Groups[1].Value);
        var non2xx = Regex.Match(text, @"Non-2xx or 3xx responses:\s+(\d+)") is { Success: true } n
            ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture)
            : 0;
        long socketErrors = 0;
        var socketDetail = "";
        if (Regex.Match(text, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)") is { Success: true } s)
        {
            socketErrors = Enumerable.Range(1, 4).Sum(g => long.Parse(s.Groups[g].Value, CultureInfo.InvariantCulture));
            socketDetail = s.Value;
        }
        var ticks = Match(text, @"^bench-cpu-ticks: (\d+) (\d+)", "the script's CPU line");
        var generatorCpu = (long.Parse(ticks.Groups[1].Value, CultureInfo.InvariantCulture)
            + long.Parse(ticks.Groups[2].Value, CultureInfo.InvariantCulture)) / 100.0; // USER_HZ, as ProcStats

        var measurement = new Measurement(requests - non2xx, non2xx + socketErrors, runSeconds,
            percentiles[50], percentiles[99], Milliseconds(latency.Groups[3].Value), serverCpuSeconds)
        {
            GeneratorCpuSeconds = generatorCpu,
        };
        return new WrkResult(measurement, perSecond, percentiles[75], percentiles[90], non2xx, socketErrors, socketDetail,
            startedTimestamp);
    }

    static Match Match(string text, string pattern, string what) =>
        Regex.Match(text, pattern, RegexOptions.Multiline) is { Success: true } m
            ? m
            : throw new FormatException($"no {what}");

    /// <summary>A wrk duration (<c>812.00us</c>, <c>9.80ms</c>, <c>1.02s</c>, <c>1.00m</c>, <c>1.00h</c>) in milliseconds.</summary>
    static double Milliseconds(string value)
    {
        var m = Regex.Match(value, @"^([0-9.]+)(us|ms|s|m|h)$");
        if (!m.Success)
            throw new FormatException($"'{value}' is not a wrk duration");
        return Number(m.Groups[1].Value) * m.Groups[2].Value switch
        {
            "us" => 0.001,
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            _ => 3_600_000,
        };
    }

    static double Number(string value) => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
}
