using System.Net;
using System.Net.Http.Json;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatApp.Tests.Hosting;

public sealed class RequestLogTests
{
    const string SigningKey = "a signing key of more than thirty-two bytes";

    [Fact]
    public async Task EachRequestIsOneLineWithMethodPathStatusAndDuration()
    {
        var log = new CapturedLog();
        await using var app = new ChatAppFactory();
        using var logged = WithLog(app, log);

        Assert.Equal(HttpStatusCode.Unauthorized, (await logged.CreateClient().GetAsync("/chats?limit=5")).StatusCode);

        var line = Assert.Single(log.Lines, l => l.StartsWith("ChatApp.Requests: ", StringComparison.Ordinal));
        Assert.Matches(@"^ChatApp\.Requests: GET /chats 401 \d+\.\d ms $", line);
    }

    [Fact]
    public async Task StartUpSaysWhereTheDatabaseIsAndWhereTheKeyComesFrom()
    {
        var generated = new CapturedLog();
        var configured = new CapturedLog();
        await using var app = new ChatAppFactory();
        await using var withKey = new ChatAppFactory(settings: new Dictionary<string, string?> { ["Auth:SigningKey"] = SigningKey });

        using (var logged = WithLog(app, generated))
            logged.CreateClient();
        using (var logged = WithLog(withKey, configured))
            logged.CreateClient();

        Assert.Contains($"ChatApp: Database: {app.DatabasePath} ", generated.Lines);
        Assert.Contains($"ChatApp: Signing key: generated into {app.DatabasePath}.jwt.key ", generated.Lines);
        Assert.Contains("ChatApp: Signing key: configured (Auth:SigningKey / CHATAPP_JWT_KEY) ", configured.Lines);
    }

    [Fact]
    public async Task NoTokenPasswordKeyOrQueryStringReachesTheLogEvenWithFrameworkLogsOn()
    {
        var log = new CapturedLog();
        await using var app = new ChatAppFactory(settings: new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = SigningKey,
            // What an operator turns on to debug: the framework's request lines print whole URLs.
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
        });
        using var logged = WithLog(app, log);
        var client = logged.CreateClient();

        await client.PostAsJsonAsync("/user", new { username = "ada", password = TestApi.Password });
        var login = await client.PostAsJsonAsync("/login", new { username = "ada", password = TestApi.Password });
        var token = (string)(await login.ReadJsonAsync())["access_token"]!;
        var negotiate = await client.PostAsync($"/hubs/chat/negotiate?negotiateVersion=1&access_token={token}", null);
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        await client.GetAsync("/message/1?limit=1");

        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        Assert.Contains(log.Lines, l => l.StartsWith("ChatApp.Requests: POST /hubs/chat/negotiate 200 ", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.StartsWith("ChatApp.Requests: GET /message/1 200 ", StringComparison.Ordinal));
        foreach (var secret in new[] { token, token.Split('.')[2], TestApi.Password, SigningKey, "limit=1", "access_token=" })
            Assert.DoesNotContain(log.Lines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    static WebApplicationFactory<Program> WithLog(ChatAppFactory app, CapturedLog log) =>
        app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(log)));
}
