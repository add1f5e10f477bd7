using System.Net;
using System.Net.Sockets;
using ChatApp.Tests.Infrastructure;

namespace ChatApp.Tests.Hosting;

public sealed class MetricsTests
{
    [Fact]
    public async Task MetricsAreScrapedInPrometheusFormatFromLoopbackWhenEnabled()
    {
        var port = FreePort();
        await using var app = new ChatAppFactory(settings: new Dictionary<string, string?>
        {
            ["Metrics:Enabled"] = "true",
            ["Metrics:Port"] = port.ToString(),
        });
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        await app.ClientFor(ada).SendMessageAsync(bob.Id, "counted");

        using var scraper = new HttpClient();
        var response = await scraper.GetAsync($"http://127.0.0.1:{port}/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);
        foreach (var metric in new[]
                 {
                     "chatapp_messages_stored_total", "chatapp_db_batch_size_bucket", "chatapp_db_fsync_duration_seconds_bucket",
                     "http_server_request_duration_seconds_count",
                 })
            Assert.Contains(metric, text);
        Assert.Contains("http_route=\"/message/{id:int}\"", text);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
