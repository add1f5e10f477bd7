using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ChatApp.Bench.Infrastructure;

/// <summary>
/// A server started as a child process on a free 127.0.0.1 port: ChatApp itself, or the bare Kestrel
/// floor hosted by this binary. Killed on dispose, so a failed run never leaves one behind.
/// </summary>
public sealed class ChildServer : IAsyncDisposable
{
    readonly Process _process;
    readonly ConcurrentQueue<string> _output = new();

    public string Name { get; }
    public Uri BaseAddress { get; }
    public int Pid => _process.Id;
    /// <summary>When the process was started (a <see cref="Stopwatch"/> timestamp).</summary>
    public long StartedTimestamp { get; private set; }
    /// <summary>From process start to the first 200 on <c>/</c>.</summary>
    public TimeSpan StartupTime { get; private set; }
    /// <summary>CPU time the process had used when it first answered 200: a figure the machine's load barely moves.</summary>
    public double StartupCpuSeconds { get; private set; }

    ChildServer(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
    }

    /// <summary>
    /// ChatApp's published build (the current tree unless <paramref name="binary"/> names another) on a
    /// database file, rate limits off, cheap BCrypt for bulk test users; on a free port unless
    /// <paramref name="port"/> is given (a restart on the same address).
    /// </summary>
    public static Task<ChildServer> StartChatAppAsync(
        string dbPath, IDictionary<string, string>? env = null, ServerBinary? binary = null, int? port = null) =>
        StartAsync(binary is null ? "chatapp" : $"chatapp {binary.Label}", (binary ?? ServerBuild.Current).Dll, ["--db", dbPath],
            ChatAppEnvironment.Concat(env ?? new Dictionary<string, string>()).ToDictionary(), port);

    /// <summary>The HTTP floor: this binary in its bare-Kestrel mode, with the same (workstation) GC as ChatApp.</summary>
    public static Task<ChildServer> StartFloorAsync() =>
        StartAsync("http-floor", typeof(ChildServer).Assembly.Location, ["--floor-server"],
            new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" });

    /// <summary>
    /// The framework floor: this binary with <c>--framework-floor</c> (JWT bearer validation and JSON binding
    /// as ChatApp configures them, no storage), signing key <paramref name="signingKey"/>, workstation GC.
    /// </summary>
    public static Task<ChildServer> StartFrameworkFloorAsync(byte[] signingKey) =>
        StartAsync("framework-floor", typeof(ChildServer).Assembly.Location, [Floors.FrameworkFloor.Argument],
            new Dictionary<string, string>
            {
                ["DOTNET_gcServer"] = "0",
                [Floors.FrameworkFloor.KeyVariable] = Convert.ToBase64String(signingKey),
            });

    /// <summary>
    /// Rate limits off (the load comes from one address); BCrypt work factor 4 so that thousands of
    /// test users can sign up and log in once each in seconds. No measured request runs BCrypt.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ChatAppEnvironment = new Dictionary<string, string>
    {
        ["CHATAPP_RATE_LIMITS"] = "off",
        ["Auth__BcryptWorkFactor"] = "4",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    static async Task<ChildServer> StartAsync(string name, string dll, string[] args, IDictionary<string, string> env, int? fixedPort = null)
    {
        var port = fixedPort ?? FreePort.Next();
        var url = $"http://127.0.0.1:{port}";
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // As a deployment runs it: from its own folder, so its appsettings.json (log levels) applies.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        psi.ArgumentList.Add(dll);
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(url);
        foreach (var (key, value) in env)
            psi.Environment[key] = value;
        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(psi)!;
        var server = new ChildServer(name, process, new Uri(url)) { StartedTimestamp = started };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitReadyAsync(started);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    async Task WaitReadyAsync(long started)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output()}");
            try
            {
                using var response = await http.GetAsync(BaseAddress);
                if ((int)response.StatusCode == 200)
                {
                    StartupTime = Stopwatch.GetElapsedTime(started);
                    StartupCpuSeconds = Stats().CpuSeconds;
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(2);
        }
        throw new TimeoutException($"{Name} did not answer 200 on / within 60 s:\n{Output()}");
    }

    public ProcStats Stats() => ProcStats.Read(Pid);

    public string Output() => string.Join('\n', _output.TakeLast(40));

    void Keep(string? line)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        while (_output.Count > 200)
            _output.TryDequeue(out _);
    }

    /// <summary>
    /// Stops the server as a service manager does: SIGTERM, then waits for it to exit. Returns its exit
    /// code; throws if it is still running after <paramref name="timeout"/>.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited && kill(_process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}");
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds:0} s of SIGTERM:\n{Output()}");
        }
        return _process.ExitCode;
    }

    const int SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int sig);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
