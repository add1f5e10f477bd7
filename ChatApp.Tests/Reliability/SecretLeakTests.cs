using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Features.Auth;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatApp.Tests.Reliability;

public sealed class SecretLeakTests
{
    const string Password = "hunter2-but-longer";
    const string WrongPassword = "not-the-password-42";

    [Fact]
    public async Task NoPasswordHashTokenOrKeyAppearsInAnyResponseHubEventOrLogLineOfAWholeSession()
    {
        var logs = new CapturedLog();
        await using var factory = new ChatAppFactory(settings: Settings.Of(
            ("Logging:LogLevel:Default", "Trace"), ("Logging:LogLevel:Microsoft", "Trace"), ("Logging:LogLevel:Microsoft.AspNetCore", "Trace")));
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)));
        var seen = new ConcurrentQueue<string>();
        var client = app.CreateClient();
        async Task<HttpResponseMessage> Keep(Task<HttpResponseMessage> call)
        {
            var response = await call;
            seen.Enqueue(response.Headers + "\n" + response.Content.Headers + "\n" + await response.Content.ReadAsStringAsync());
            return response;
        }

        await Keep(client.PostJsonAsync("/user", new { username = "ada", password = Password }));
        await Keep(client.PostJsonAsync("/user", new { username = "bob", password = Password + "!" }));
        await Keep(client.PostJsonAsync("/user", new { username = "ada", password = Password }));
        await Keep(client.PostJsonAsync("/login", new { username = "ada", password = WrongPassword }));
        var login = await Keep(client.PostJsonAsync("/login", new { username = "ada", password = Password }));
        var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        var bobLogin = await Keep(client.PostJsonAsync("/login", new { username = "bob", password = Password + "!" }));
        var bobToken = JsonDocument.Parse(await bobLogin.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        var ada = app.CreateClient();
        ada.DefaultRequestHeaders.Authorization = new("Bearer", token);

        // The .NET client's way, the token in a header. (The browser way, in the query string, is
        // covered by Hubs/HubLoggingTests.)
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "hubs/chat"), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.AccessTokenProvider = () => Task.FromResult<string?>(bobToken);
            })
            .Build();
        hub.On<JsonElement>("bob", m => seen.Enqueue(m.GetRawText()));
        hub.On<string>("echo", m => seen.Enqueue(m));
        await hub.StartJoinedAsync();
        var bob = app.Services.GetRequiredService<UserStore>().FindByUsername("bob")!;
        await Keep(ada.PostJsonAsync($"/message/{bob.Id}", new { body = "hi bob" }));
        seen.Enqueue((await hub.InvokeAsync<JsonElement>("SendMessageTo", "ada", "hi ada")).GetRawText());
        await Keep(ada.GetAsync($"/message/{bob.Id}"));
        await Keep(ada.GetAsync("/chats"));
        await Keep(ada.GetAsync("/user"));
        await Keep(ada.GetAsync("/logout"));
        await Keep(ada.GetAsync("/user"));
        await hub.StopAsync();

        var adaHash = app.Services.GetRequiredService<UserStore>().FindByUsername("ada")!.PasswordHash;
        var key = app.Services.GetRequiredService<SigningKey>().Key.Key;
        var secrets = new Dictionary<string, string>
        {
            ["password"] = Password, ["wrong password"] = WrongPassword, ["password hash"] = adaHash,
            ["hash salt"] = adaHash[7..29], ["token"] = token, ["token signature"] = token.Split('.')[2],
            ["hub token"] = bobToken, ["hub token signature"] = bobToken.Split('.')[2],
            ["signing key"] = Convert.ToBase64String(key), ["signing key (hex)"] = Convert.ToHexString(key),
        };
        Assert.True(logs.Entries.Select(e => e.Everything).ToList().Count > 100, $"only {logs.Entries.Select(e => e.Everything).ToList().Count} log lines were captured");
        Assert.Contains(logs.Entries.Select(e => e.Everything).ToList(), l => l.Contains("/hubs/chat"));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var leaks = new List<string>();
        foreach (var (what, secret) in secrets)
        {
            leaks.AddRange(logs.Entries.Select(e => e.Everything).ToList().Where(l => l.Contains(secret, StringComparison.OrdinalIgnoreCase))
                .Select(l => $"{what} in a log line: {l[..Math.Min(l.Length, 160)]}"));
            // The token's one legitimate appearance is the login answer's access_token.
            leaks.AddRange(seen.Where(s => s.Contains(secret, StringComparison.OrdinalIgnoreCase) && !(what.Contains("token") && s.Contains("access_token")))
                .Select(s => $"{what} in a response or hub event: {s[..Math.Min(s.Length, 160)]}"));
        }
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }
}
