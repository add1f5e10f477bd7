using System.Net;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Features.Auth;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatApp.Tests.Hubs;

public sealed class HubLoggingTests
{
    [Fact]
    public async Task TheQueryAccessTokenNeverReachesTheLogsEvenAtTrace()
    {
        var logs = new CapturedLog();
        // Every category at Trace, request logging (Microsoft.AspNetCore.Hosting.Diagnostics) included.
        await using var factory = new ChatAppFactory(settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        });
        // The app keeps Hosting.Diagnostics at Warning; turned back up here, the token must still not show.
        var app = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Trace)
            .AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Trace).AddProvider(logs)));
        var ada = await app.Services.GetRequiredService<UserStore>().CreateAsync("ada", "not-a-real-hash");
        var token = app.Services.GetRequiredService<TokenIssuer>().Issue(ada!).AccessToken;
        var forged = token[..^4] + (token.EndsWith("AAAA") ? "BBBB" : "AAAA");

        var negotiated = await app.CreateClient().PostAsync($"/hubs/chat/negotiate?negotiateVersion=1&access_token={token}", null);
        var refused = await app.CreateClient().PostAsync($"/hubs/chat/negotiate?negotiateVersion=1&access_token={forged}", null);
        var (connection, echo) = await app.ConnectAsync(token);
        await echo.NextAsync();
        await connection.DisposeAsync();

        Assert.Equal(HttpStatusCode.OK, negotiated.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        // The request log lines are there, with their query string, and without the token.
        var requestLines = logs.Entries.Where(l => l.Category == "Microsoft.AspNetCore.Hosting.Diagnostics"
            && l.Everything.Contains("/hubs/chat/negotiate?negotiateVersion=1")).ToList();
        Assert.NotEmpty(requestLines);
        var signature = token.Split('.')[2];
        var forgedSignature = forged.Split('.')[2];
        Assert.DoesNotContain(logs.Entries, l => l.Everything.Contains(signature) || l.Everything.Contains(forgedSignature));
        Assert.DoesNotContain(logs.Entries, l => l.Everything.Contains("access_token"));
    }
}
