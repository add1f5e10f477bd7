using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ChatApp.Data;

namespace ChatApp.Hosting.Admin;

/// <summary>
/// The server's end of the admin commands: a Unix domain socket next to the database, which only the
/// server's OS user can open (mode 0600, and on Linux the peer's uid is checked too). The server holds
/// the database's lock, so this is how <c>users …</c>, <c>invite create</c> and <c>backup</c> reach a running server.
/// One JSON request line in, one JSON response line out, then the connection closes.
/// </summary>
public sealed class AdminSocketListener(ChatDatabase database, AdminCommands commands, ILogger<AdminSocketListener> logger)
    : BackgroundService
{
    static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public string SocketPath { get; } = AdminProtocol.SocketPath(database.Path);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Socket.OSSupportsUnixDomainSockets)
            return;
        Socket listener;
        try
        {
            listener = Bind(SocketPath);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Serving matters more than the admin socket: the commands still work on the file once the server stops.
            logger.LogWarning("Admin socket {Path} not opened ({Reason}); admin commands need the server stopped", SocketPath, e.Message);
            return;
        }
        logger.LogInformation("Admin commands listen on {Path} (owner only)", SocketPath);
        try
        {
            while (true)
            {
                var client = await listener.AcceptAsync(stoppingToken);
                _ = ServeAsync(client, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            listener.Dispose();
            TryDelete(SocketPath);
        }
    }

    /// <summary>
    /// Binds under a temporary name, restricts it to the owner, then renames it into place: the socket is
    /// never reachable with the default mode, and a stale socket left by a killed server is replaced.
    /// </summary>
    static Socket Bind(string path)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        TryDelete(temporary);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(temporary));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            socket.Listen(16);
            File.Move(temporary, path, overwrite: true);
            return socket;
        }
        catch
        {
            socket.Dispose();
            TryDelete(temporary);
            throw;
        }
    }

    async Task ServeAsync(Socket client, CancellationToken stoppingToken)
    {
        using var _ = client;
        await using var stream = new NetworkStream(client, ownsSocket: false);
        try
        {
            var peer = PeerCredentials.Of(client);
            AdminResponse response;
            if (peer is { } p && !PeerCredentials.MaySend(p))
            {
                logger.LogWarning("Admin socket refused a connection from uid {Uid} (pid {Pid})", p.Uid, p.Pid);
                response = AdminResponse.Failed("only the server's OS user may send admin commands");
            }
            else
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(RequestTimeout);
                var line = await ReadLineAsync(stream, timeout.Token);
                response = line is null
                    ? AdminResponse.Failed($"the request must be one JSON line of at most {AdminProtocol.MaxLineBytes} bytes")
                    : await RunAsync(line, peer);
            }
            await stream.WriteAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(response, AdminProtocol.Json) + "\n"), stoppingToken);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            logger.LogInformation("An admin connection ended early: {Reason}", e.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "An admin command failed");
        }
    }

    async Task<AdminResponse> RunAsync(string line, PeerCredentials.Peer? peer)
    {
        AdminRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<AdminRequest>(line, AdminProtocol.Json);
        }
        catch (JsonException e)
        {
            return AdminResponse.Failed($"the request is not valid JSON: {e.Message}");
        }
        if (request?.Command is null)
            return AdminResponse.Failed("the request names no command");
        var response = await commands.RunAsync(request);
        // Never the response lines: reset-password prints a password.
        logger.LogInformation("Admin command '{Command}' {Target} from pid {Pid}: {Result}",
            request.Command, request.Name ?? request.File ?? "", peer?.Pid, response.Ok ? "done" : response.Error);
        return response;
    }

    /// <summary>Bytes up to the first newline; null when none comes within <see cref="AdminProtocol.MaxLineBytes"/>.</summary>
    static async Task<string?> ReadLineAsync(Stream stream, CancellationToken cancel)
    {
        var buffer = new byte[AdminProtocol.MaxLineBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancel);
            if (read == 0)
                break;
            var newline = Array.IndexOf(buffer, (byte)'\n', length, read);
            length += read;
            if (newline >= 0)
                return Encoding.UTF8.GetString(buffer, 0, newline);
        }
        return null;
    }

    static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
