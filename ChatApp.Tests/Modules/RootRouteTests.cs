using System.Net;
using ChatApp.Tests.Infrastructure;
using Snapshooter.Xunit;

namespace ChatApp.Tests.Modules;

public sealed class RootRouteTests
{
    [Fact]
    public async Task GreetingAnswersWithoutAToken()
    {
        await using var app = new ChatAppFactory();

        var response = await app.CreateClient().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Snapshot.Match(await response.ReadJsonAsync());
    }
}
