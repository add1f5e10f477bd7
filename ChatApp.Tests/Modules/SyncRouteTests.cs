using System.Net;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace ChatApp.Tests.Modules;

public sealed class SyncRouteTests
{
    static readonly string[] MessageFields = ["id", "to", "from", "date_created", "body", "client_id", "edited_at", "deleted"];

    [Fact]
    public async Task SyncGivesTheCallersEventsAfterSinceInOrderWithTheContractShape()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var client = app.ClientFor(ada);
        await client.PostJsonAsync($"/message/{bob.Id}", new { body = "hello bob", client_id = "c-1" });
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await app.ClientFor(bob).SendMessageAsync(ada.Id, "hello ada");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await client.SendMessageAsync(ada.Id, "note to self");

        var response = await client.GetAsync("/sync?since=0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Snapshot.Match(await response.ReadJsonAsync());
        Assert.Equal(3, app.Service<FeedStore>().NewestSeq(ada.Id));
    }

    [Fact]
    public async Task EveryPartOfTheSyncReplyHasExactlyTheFieldsOfItsShape()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        await app.ClientFor(ada).SendMessageAsync(bob.Id, "one");
        await app.ClientFor(bob).SendMessageAsync(ada.Id, "two");

        var sync = await app.ClientFor(ada).SyncPageAsync(0, 100);

        Assert.Equal(["events", "next", "has_more"], Names(sync));
        Assert.Equal(JTokenType.Integer, sync["next"]!.Type);
        Assert.Equal(JTokenType.Boolean, sync["has_more"]!.Type);
        Assert.Equal(2, sync["events"]!.Count());
        foreach (var e in sync["events"]!)
        {
            Assert.Equal(["seq", "type", "at", "message"], Names(e));
            Assert.Equal("message.created", (string?)e["type"]);
            Assert.Equal(JTokenType.Integer, e["seq"]!.Type);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", (string?)e["at"]);
            Assert.Equal(MessageFields, Names(e["message"]!));
            // A message.created happens when its message is created.
            Assert.Equal((string?)e["message"]!["date_created"], (string?)e["at"]);
        }
    }

    [Fact]
    public async Task AMessageToOneselfIsOneEvent()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var client = app.ClientFor(ada);

        var sent = await client.SendRestAsync(ada.Id, "note to self");
        var sync = await client.SyncPageAsync(0, 100);

        Assert.Equal(1, (int)sync["next"]!);
        WireJson.AssertSame(sent, Assert.Single(sync["events"]!)["message"]!);
        Assert.Equal(1, app.Service<FeedStore>().NewestSeq(ada.Id));
    }

    [Fact]
    public async Task EachParticipantsFeedNumbersTheSameMessageWithItsOwnSeq()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var cy = await app.CreateUserAsync("cy");
        await app.ClientFor(bob).SendMessageAsync(cy.Id, "bob to cy");
        await app.ClientFor(cy).SendMessageAsync(bob.Id, "cy to bob");

        var sent = await app.ClientFor(ada).SendRestAsync(bob.Id, "ada to bob");
        var adaFeed = await app.ClientFor(ada).WholeFeedAsync();
        var bobFeed = await app.ClientFor(bob).WholeFeedAsync();

        Assert.Equal(1, (int)Assert.Single(adaFeed)["seq"]!);
        Assert.Equal([1, 2, 3], bobFeed.Select(e => (int)e["seq"]!));
        WireJson.AssertSame(sent, adaFeed[0]["message"]!);
        WireJson.AssertSame(sent, bobFeed[2]["message"]!);
        Assert.Equal(2, (await app.ClientFor(cy).WholeFeedAsync()).Count);
    }

    [Fact]
    public async Task PagesFollowNextUntilHasMoreIsFalse()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var client = app.ClientFor(ada);
        for (var i = 1; i <= 5; i++)
            await client.SendMessageAsync(ada.Id, $"m{i}");

        var pages = new List<JToken>();
        foreach (var since in new[] { 0, 2, 4, 5 })
            pages.Add(await client.SyncPageAsync(since, 2));

        Assert.Equal(["1 2 next 2 more True", "3 4 next 4 more True", "5 next 5 more False", "next 5 more False"],
            pages.Select(Describe));
        Assert.Equal(["m1", "m2"], pages[0]["events"]!.Select(e => (string?)e["message"]!["body"]));
    }

    [Fact]
    public async Task WithoutALimitAPageHoldsAHundredEventsAndAtMostAThousand()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        await app.Service<MessageStore>().AddManyAsync(
            [.. Enumerable.Range(0, 1001).Select(i => new NewMessage(ada.Id, ada.Id, ChatAppFactory.Start.ToUnixTimeMilliseconds(), $"m{i}"))],
            _ => ada);
        var client = app.ClientFor(ada);

        var byDefault = await client.GetAsync("/sync");
        var largest = await client.SyncPageAsync(0, 1000);
        var rest = await client.SyncPageAsync(1000, 1000);

        Assert.Equal(HttpStatusCode.OK, byDefault.StatusCode);
        var first = await byDefault.ReadJsonAsync();
        Assert.Equal((100, 100, true), (first["events"]!.Count(), (int)first["next"]!, (bool)first["has_more"]!));
        Assert.Equal((1000, 1000, true), (largest["events"]!.Count(), (int)largest["next"]!, (bool)largest["has_more"]!));
        Assert.Equal((1, 1001, false), (rest["events"]!.Count(), (int)rest["next"]!, (bool)rest["has_more"]!));
    }

    [Fact]
    public async Task EveryBadSinceOrLimitIsA400NamingThatField()
    {
        await using var app = new ChatAppFactory();
        var client = app.ClientFor(await app.CreateUserAsync("ada"));
        (string Query, string Field)[] cases =
        [
            ("since=-1", "since"), ("since=abc", "since"), ("since=1.5", "since"), ("since=", "since"), ("since=1e3", "since"),
            ("since=2147483648", "since"), ("since=99999999999999999999", "since"), ("since=0&since=0", "since"),
            ("limit=0", "limit"), ("limit=-1", "limit"), ("limit=1001", "limit"), ("limit=abc", "limit"), ("limit=2.5", "limit"),
            ("limit=", "limit"), ("limit=2147483648", "limit"), ("since=0&limit=1&limit=2", "limit"),
        ];

        foreach (var (query, field) in cases)
        {
            var response = await client.GetAsync($"/sync?{query}");

            var problem = await response.IsProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(Names(problem["errors"]!).SequenceEqual([field]), $"{query}: {problem}");
        }
    }

    [Fact]
    public async Task SinceBeyondTheNewestSeqIsA400WhoseSinceErrorNamesTheNewestSeq()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var client = app.ClientFor(ada);
        for (var i = 0; i < 3; i++)
            await client.SendMessageAsync(bob.Id, $"m{i}");

        var atNewest = await client.SyncPageAsync(3, 10);
        var beyond = await client.GetAsync("/sync?since=4");
        var cy = app.ClientFor(await app.CreateUserAsync("cy"));
        var emptyFeed = await cy.SyncPageAsync(0, 10);
        var beyondEmpty = await cy.GetAsync("/sync?since=1");

        Assert.Equal("next 3 more False", Describe(atNewest));
        var problem = await beyond.IsProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["since"], Names(problem["errors"]!));
        Assert.Matches(@"\b3\b", (string?)problem["errors"]!["since"]![0]);
        Assert.Equal("next 0 more False", Describe(emptyFeed));
        var none = await beyondEmpty.IsProblemAsync(HttpStatusCode.BadRequest);
        Assert.Matches(@"\b0\b", (string?)none["errors"]!["since"]![0]);
    }

    static List<string> Names(JToken o) => [.. ((JObject)o).Properties().Select(p => p.Name)];

    static string Describe(JToken page) =>
        string.Join(" ", page["events"]!.Select(e => (string)e["seq"]!)
            .Append($"next {page["next"]} more {page["has_more"]}"));
}
