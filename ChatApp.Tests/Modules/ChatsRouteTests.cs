using System.Net;
using ChatApp.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace ChatApp.Tests.Modules;

public sealed class ChatsRouteTests
{
    [Fact]
    public async Task ChatsListEachPartnerOnceWithTheNewestMessageMostRecentFirst()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        await app.CreateUserAsync("stranger");
        await app.ClientFor(ada).SendMessageAsync(bob.Id, "hi bob");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await app.ClientFor(eve).SendMessageAsync(ada.Id, "hi ada, it's eve");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await app.ClientFor(bob).SendMessageAsync(ada.Id, "hi ada, it's bob");

        var response = await app.ClientFor(ada).GetAsync("/chats");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Snapshot.Match(await response.ReadJsonAsync());
    }

    [Fact]
    public async Task ANewMessageMovesItsConversationToTheTop()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        var client = app.ClientFor(ada);
        await client.SendMessageAsync(bob.Id, "1");
        await client.SendMessageAsync(eve.Id, "2");
        var before = (JArray)await (await client.GetAsync("/chats")).ReadJsonAsync();

        await client.SendMessageAsync(bob.Id, "3");
        var after = (JArray)await (await client.GetAsync("/chats")).ReadJsonAsync();

        Assert.Equal(new[] { "eve", "bob" }, before.Select(c => c.Value<string>("username")));
        Assert.Equal(new[] { "bob", "eve" }, after.Select(c => c.Value<string>("username")));
        Assert.Equal("3", after[0]!["last_message"]!.Value<string>("body"));
    }

    [Fact]
    public async Task ChatsAreEmptyBeforeAnyMessageAndShowYourselfOnceForNotesToSelf()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var client = app.ClientFor(ada);
        var empty = (JArray)await (await client.GetAsync("/chats")).ReadJsonAsync();

        await client.SendMessageAsync(ada.Id, "note to self");
        var chats = (JArray)await (await client.GetAsync("/chats")).ReadJsonAsync();

        Assert.Empty(empty);
        Assert.Equal(ada.Id, chats.Single().Value<int>("id"));
    }
}
