using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ChatApp.Data;
using ChatApp.Features;
using ChatApp.Contracts;
using ChatApp.Features.Realtime;
using ChatApp.Hosting.Admin;
using ChatApp.Hosting.Configuration;
using Microsoft.Extensions.Options;

namespace ChatApp.Commands;

/// <summary>
/// Runs an admin request where the database is: through the running server's admin socket when one
/// answers (the server holds the file's lock), else on the file itself with the services built here.
/// </summary>
public static class AdminClient
{
    public static async Task<AdminResponse> RunAsync(string? databasePath, AdminRequest request, CancellationToken cancel)
    {
        var configuration = ConfigurationSources.ForCommands(databasePath);
        var path = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Path ?? new DatabaseOptions().Path;
        try
        {
            return await SendAsync(AdminProtocol.SocketPath(path), request, cancel)
                ?? await RunOnFileAsync(configuration, request);
        }
        catch (DatabaseUnavailableException e)
        {
            return AdminResponse.Failed($"{e.Message} (and no server answered on its admin socket)");
        }
        catch (OptionsValidationException e)
        {
            return AdminResponse.Failed($"invalid configuration: {string.Join("; ", e.Failures)}");
        }
        catch (InvalidOperationException e)
        {
            return AdminResponse.Failed($"invalid configuration: {e.Message}");
        }
    }

    /// <summary>The server's answer, or null when no server listens (no socket, or a stale one left by a killed server).</summary>
    public static async Task<AdminResponse?> SendAsync(string socketPath, AdminRequest request, CancellationToken cancel)
    {
        if (!Socket.OSSupportsUnixDomainSockets || !File.Exists(socketPath))
            return null;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancel);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AccessDenied)
        {
            return AdminResponse.Failed($"cannot open the admin socket '{socketPath}': permission denied (run as the server's OS user)");
        }
        catch (SocketException)
        {
            return null;
        }
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, AdminProtocol.Json) + "\n"), cancel);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var line = await reader.ReadLineAsync(cancel);
        return line is null
            ? AdminResponse.Failed("the server closed the admin socket without answering")
            : JsonSerializer.Deserialize<AdminResponse>(line, AdminProtocol.Json) ?? AdminResponse.Failed("the server's answer was empty");
    }

    /// <summary>The file opened here, with the services the server would use and no realtime side (nobody is connected).</summary>
    static async Task<AdminResponse> RunOnFileAsync(IConfiguration configuration, AdminRequest request)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddChatData(configuration)
            .AddChatFeatures(configuration)
            .AddSingleton<IRealtime, NoRealtime>()
            .AddSingleton<AdminCommands>();
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<AdminCommands>().RunAsync(request);
    }

    sealed class NoRealtime : IRealtime
    {
        public Task MessageCreatedAsync(Participant from, Participant to, MessageResponse message) => Task.CompletedTask;

        public Task SendToUsersAsync(IReadOnlyCollection<int> userIds, string hubEvent, object payload) => Task.CompletedTask;

        public void CloseSession(string tokenId) { }

        public void CloseUser(int userId, string? exceptTokenId = null) { }
    }
}
