using System.Net;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;
using Snapshooter.Xunit;

namespace ChatApp.Tests.Hosting;

public sealed class HealthTests
{
    [Fact]
    public async Task HealthIsHealthyWithoutATokenWhenTheDatabaseAnswers()
    {
        await using var app = new ChatAppFactory();

        var response = await app.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Snapshot.Match(await response.ReadJsonAsync(),
            o => o.IgnoreField("totalDuration").IgnoreField("entries.database.duration"));
    }

    [Fact]
    public async Task HealthAnswers503WhenTheDatabaseCannotBeUsed()
    {
        await using var app = new ChatAppFactory();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        // What a failed disk or a closed store looks like from inside: LiteDB refuses every read.
        app.Service<ChatDatabase>().Lite.Dispose();
        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Snapshot.Match(await response.ReadJsonAsync(),
            o => o.IgnoreField("totalDuration").IgnoreField("entries.database.duration"));
    }

    [Fact]
    public async Task OtherVerbsAndPathsBelowHealthGetTheContractsProblems()
    {
        await using var app = new ChatAppFactory();
        var client = app.CreateClient();

        var post = await client.PostAsync("/health", null);
        var below = await client.GetAsync("/health/database");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, below.StatusCode);
        Assert.Equal("application/problem+json", below.Content.Headers.ContentType?.MediaType);
    }
}
