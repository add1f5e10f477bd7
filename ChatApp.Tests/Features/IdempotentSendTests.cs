using System.Net;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Newtonsoft.Json.Linq;

namespace ChatApp.Tests.Features;

/// <summary>
/// docs/API.md, "Idempotent send": the same sender sending the same <c>client_id</c> again, on any route,
/// through the hub, at any time, across restarts, creates nothing and pushes nothing; the reply is the
/// original Message with 200 and <c>Idempotent-Replayed: true</c>.
/// </summary>
public sealed class IdempotentSendTests
{
    const string Replayed = "Idempotent-Replayed";

    [Fact]
    public async Task ASendRetriedAfterARestartGivesBackTheOriginalWith200AndStoresAndPushesNothing()
    {
        var path = ChatAppFactory.TempDatabasePath();
        JToken original;
        await using (var app = new ChatAppFactory(path))
        {
            var ada = await app.CreateUserAsync("ada");
            var bob = await app.CreateUserAsync("bob");
            var first = await app.ClientFor(ada).PostJsonAsync($"/message/{bob.Id}", new { body = "sent once", client_id = "retry-1" });
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            Assert.False(first.Headers.Contains(Replayed));
            original = await first.ReadWireJsonAsync();
        }

        await using (var restarted = new ChatAppFactory(path))
        {
            var ada = restarted.Service<UserStore>().FindByUsername("ada")!;
            var bob = restarted.Service<UserStore>().FindByUsername("bob")!;
            var (adaHub, _) = await restarted.ConnectAsync(restarted.TokenFor(ada));
            await using var _a = adaHub;
            var adaInbox = adaHub.Inbox("ada");
            var (bobHub, _) = await restarted.ConnectAsync(restarted.TokenFor(bob));
            await using var _b = bobHub;
            var bobInbox = bobHub.Inbox("bob");

            var retry = await restarted.ClientFor(ada).PostJsonAsync($"/message/{bob.Id}", new { body = "sent once", client_id = "retry-1" });

            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
            Assert.Equal(["true"], retry.Headers.GetValues(Replayed));
            WireJson.AssertSame(original, await retry.ReadWireJsonAsync());
            Assert.Equal("retry-1", (string?)original["client_id"]);
            WireJson.AssertSame(new JArray(original), await HistoryAsync(restarted, ada, bob.Id));
            WireJson.AssertSame(new JArray(original), Messages(await FeedAsync(restarted, ada)));
            WireJson.AssertSame(new JArray(original), Messages(await FeedAsync(restarted, bob)));
            Assert.Equal(1, restarted.Service<MessageStore>().Count());
            // Pushes are in order per connection: if the replay had pushed anything, it would come before this.
            var marker = await restarted.ClientFor(bob).SendRestAsync(ada.Id, "marker");
            WireJson.AssertSame(marker, await adaInbox.NextAsync());
            WireJson.AssertSame(marker, await bobInbox.NextAsync());
        }
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public async Task TwentyIdenticalSendsRacingGiveOne201AndNineteenReplaysOfOneStoredMessage()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var clients = Enumerable.Range(0, 20).Select(_ => app.ClientFor(ada)).ToList();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racing = clients.Select(async client =>
        {
            await go.Task;
            var response = await client.PostJsonAsync($"/message/{bob.Id}", new { body = "only once", client_id = "race" });
            return (response.StatusCode, Replayed: response.Headers.TryGetValues(Replayed, out var v) ? string.Join(",", v) : null,
                Body: await response.ReadWireJsonAsync());
        }).ToList();
        go.SetResult();
        var answers = await Task.WhenAll(racing);

        var created = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.Null(created.Replayed);
        var replays = answers.Where(a => a.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(19, replays.Count);
        Assert.All(replays, r =>
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("true", r.Replayed);
            WireJson.AssertSame(created.Body, r.Body);
        });
        WireJson.AssertSame(new JArray(created.Body), await HistoryAsync(app, ada, bob.Id));
        Assert.Single(await FeedAsync(app, ada));
        Assert.Single(await FeedAsync(app, bob));
        Assert.Equal(1, app.Service<MessageStore>().Count());
    }

    [Fact]
    public async Task SendsRacingWithOneClientIdAndTenDifferentBodiesStoreOneAndAnswerTheRest409()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racing = Enumerable.Range(0, 10).Select(async i =>
        {
            var client = app.ClientFor(ada);
            await go.Task;
            return await client.PostJsonAsync($"/message/{bob.Id}", new { body = $"version {i}", client_id = "contested" });
        }).ToList();
        go.SetResult();
        var answers = await Task.WhenAll(racing);

        var created = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        foreach (var refused in answers.Where(a => a != created))
            await refused.IsProblemAsync(HttpStatusCode.Conflict);
        WireJson.AssertSame(new JArray(await created.ReadWireJsonAsync()), await HistoryAsync(app, ada, bob.Id));
        Assert.Single(await FeedAsync(app, bob));
        Assert.Equal(1, app.Service<MessageStore>().Count());
    }

    [Fact]
    public async Task IdenticalSendsRacingOverBothRestRoutesAndTheHubStoreOneMessage()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var hubs = new List<HubConnection>();
        for (var i = 0; i < 4; i++)
            hubs.Add((await app.ConnectAsync(app.TokenFor(ada))).Connection);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = new { body = "once, whatever the way", client_id = "mixed-race" };

        var rest = Enumerable.Range(0, 8).Select(async i =>
        {
            await go.Task;
            var path = i % 2 == 0 ? $"/message/{bob.Id}" : "/add_message/BOB";
            var response = await app.ClientFor(ada).PostJsonAsync(path, request);
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            return (response.StatusCode, Message: await response.ReadWireJsonAsync());
        }).ToList();
        var hub = hubs.Select(async (h, i) =>
        {
            await go.Task;
            return await (i % 2 == 0
                ? h.InvokeJsonAsync("Send", new { to = bob.Id, body = request.body, client_id = request.client_id })
                : h.InvokeJsonAsync("Send", new { to_username = "bob", body = request.body, client_id = request.client_id }));
        }).ToList();
        go.SetResult();
        var restAnswers = await Task.WhenAll(rest);
        var hubAnswers = await Task.WhenAll(hub);

        var stored = Assert.Single(await HistoryAsync(app, ada, bob.Id));
        Assert.All(restAnswers.Select(a => a.Message).Concat(hubAnswers), m => WireJson.AssertSame(stored, m));
        Assert.True(restAnswers.Count(a => a.StatusCode == HttpStatusCode.Created) <= 1);
        Assert.Single(await FeedAsync(app, bob));
        Assert.Equal(1, app.Service<MessageStore>().Count());
        foreach (var h in hubs)
            await h.DisposeAsync();
    }

    [Fact]
    public async Task AHubSendRepeatingARestSendGivesBackTheSameMessageAndPushesNothing()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var (adaHub, _) = await app.ConnectAsync(app.TokenFor(ada));
        await using var _a = adaHub;
        var (bobHub, _) = await app.ConnectAsync(app.TokenFor(bob));
        await using var _b = bobHub;
        var bobInbox = bobHub.Inbox("bob");

        var first = await app.ClientFor(ada).PostJsonAsync($"/message/{bob.Id}", new { body = "rest first", client_id = "mix-1" });
        var original = await first.ReadWireJsonAsync();
        var byId = await adaHub.InvokeJsonAsync("Send", new { to = bob.Id, body = "rest first", client_id = "mix-1" });
        var byName = await adaHub.InvokeJsonAsync("Send", new { to_username = "BOB", body = "rest first", client_id = "mix-1" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        WireJson.AssertSame(original, byId);
        WireJson.AssertSame(original, byName);
        WireJson.AssertSame(new JArray(original), await HistoryAsync(app, ada, bob.Id));
        Assert.Single(await FeedAsync(app, bob));
        WireJson.AssertSame(original, await bobInbox.NextAsync());
        var marker = await app.ClientFor(ada).SendRestAsync(bob.Id, "marker");
        WireJson.AssertSame(marker, await bobInbox.NextAsync());
    }

    [Fact]
    public async Task ARestSendRepeatingAHubSendIsA200ReplayOfTheSameMessageOnBothRoutes()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var (adaHub, _) = await app.ConnectAsync(app.TokenFor(ada));
        await using var _a = adaHub;
        var (bobHub, _) = await app.ConnectAsync(app.TokenFor(bob));
        await using var _b = bobHub;
        var bobInbox = bobHub.Inbox("bob");

        var original = await adaHub.InvokeJsonAsync("Send", new { to = bob.Id, body = "hub first", client_id = "mix-2" });
        var byId = await app.ClientFor(ada).PostJsonAsync($"/message/{bob.Id}", new { body = "hub first", client_id = "mix-2" });
        var byName = await app.ClientFor(ada).PostJsonAsync("/add_message/bob", new { body = "hub first", client_id = "mix-2" });

        Assert.Equal("mix-2", (string?)original["client_id"]);
        foreach (var replay in new[] { byId, byName })
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            Assert.Equal(["true"], replay.Headers.GetValues(Replayed));
            WireJson.AssertSame(original, await replay.ReadWireJsonAsync());
        }
        WireJson.AssertSame(new JArray(original), await HistoryAsync(app, ada, bob.Id));
        Assert.Single(await FeedAsync(app, ada));
        WireJson.AssertSame(original, await bobInbox.NextAsync());
        var marker = await app.ClientFor(ada).SendRestAsync(bob.Id, "marker");
        WireJson.AssertSame(marker, await bobInbox.NextAsync());
    }

    [Fact]
    public async Task TheSameClientIdWithAnotherBodyIs409AndStoresNothing()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var client = app.ClientFor(ada);
        var original = await (await client.PostJsonAsync($"/message/{bob.Id}", new { body = "first", client_id = "c-1" })).ReadWireJsonAsync();

        var response = await client.PostJsonAsync($"/message/{bob.Id}", new { body = "second", client_id = "c-1" });

        await response.IsProblemAsync(HttpStatusCode.Conflict);
        Assert.False(response.Headers.Contains(Replayed));
        WireJson.AssertSame(new JArray(original), await HistoryAsync(app, ada, bob.Id));
        Assert.Single(await FeedAsync(app, ada));
        Assert.Equal(1, app.Service<MessageStore>().Count());
    }

    [Fact]
    public async Task TheSameClientIdToAnotherRecipientIs409OnEitherRouteAndStoresNothing()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        var client = app.ClientFor(ada);
        var original = await (await client.PostJsonAsync($"/message/{bob.Id}", new { body = "same", client_id = "c-1" })).ReadWireJsonAsync();

        var byId = await client.PostJsonAsync($"/message/{eve.Id}", new { body = "same", client_id = "c-1" });
        var byName = await client.PostJsonAsync("/add_message/eve", new { body = "same", client_id = "c-1" });

        await byId.IsProblemAsync(HttpStatusCode.Conflict);
        await byName.IsProblemAsync(HttpStatusCode.Conflict);
        Assert.Empty(await HistoryAsync(app, ada, eve.Id));
        Assert.Empty(await FeedAsync(app, eve));
        WireJson.AssertSame(new JArray(original), await HistoryAsync(app, ada, bob.Id));
        Assert.Equal(1, app.Service<MessageStore>().Count());
    }

    [Fact]
    public async Task AConflictingHubSendIsAHubExceptionAndStoresNothing()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var (adaHub, _) = await app.ConnectAsync(app.TokenFor(ada));
        await using var _a = adaHub;
        await app.ClientFor(ada).PostJsonAsync($"/message/{bob.Id}", new { body = "first", client_id = "c-1" });

        await Assert.ThrowsAsync<HubException>(() =>
            adaHub.InvokeJsonAsync("Send", new { to = bob.Id, body = "another body", client_id = "c-1" }));
        await Assert.ThrowsAsync<HubException>(() =>
            adaHub.InvokeJsonAsync("Send", new { to = ada.Id, body = "first", client_id = "c-1" }));

        Assert.Equal(HubConnectionState.Connected, adaHub.State);
        Assert.Equal(1, app.Service<MessageStore>().Count());
    }

    [Fact]
    public async Task AnotherSenderMayUseTheSameClientId()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");

        var fromAda = await app.ClientFor(ada).PostJsonAsync($"/message/{bob.Id}", new { body = "same", client_id = "shared" });
        var fromBob = await app.ClientFor(bob).PostJsonAsync($"/message/{ada.Id}", new { body = "same", client_id = "shared" });

        Assert.Equal(HttpStatusCode.Created, fromAda.StatusCode);
        Assert.Equal(HttpStatusCode.Created, fromBob.StatusCode);
        Assert.Equal(2, (await HistoryAsync(app, ada, bob.Id)).Count());
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"")] // 65
    [InlineData("\"has space\"")]
    [InlineData("\"dot.ted\"")]
    [InlineData("\"slash/ed\"")]
    [InlineData("\"gr\u00fc\u00dfe\"")]
    [InlineData("\"emoji\ud83d\ude00\"")]
    [InlineData("\"new\\nline\"")]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("[\"c-1\"]")]
    [InlineData("{\"id\":\"c-1\"}")]
    public async Task AnInvalidClientIdIs400NamingClientIdAndStoresNothing(string clientId)
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var client = app.ClientFor(ada);

        var byId = await client.PostRawAsync($"/message/{bob.Id}", $"{{\"body\":\"hi\",\"client_id\":{clientId}}}");
        var byName = await client.PostRawAsync("/add_message/bob", $"{{\"body\":\"hi\",\"client_id\":{clientId}}}");

        foreach (var response in new[] { byId, byName })
        {
            var problem = await response.IsProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotNull(problem["errors"]?["client_id"]);
        }
        Assert.Equal(0, app.Service<MessageStore>().Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 65
    [InlineData("has space")]
    [InlineData("gr\u00fc\u00dfe")]
    public async Task AnInvalidClientIdOnTheHubIsAHubExceptionNamingClientId(string clientId)
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var (adaHub, _) = await app.ConnectAsync(app.TokenFor(ada));
        await using var _a = adaHub;

        var error = await Assert.ThrowsAsync<HubException>(() =>
            adaHub.InvokeJsonAsync("Send", new { to = bob.Id, body = "hi", client_id = clientId }));

        Assert.Contains("client_id", error.Message);
        Assert.Equal(HubConnectionState.Connected, adaHub.State);
        Assert.Equal(0, app.Service<MessageStore>().Count());
    }

    [Theory]
    [InlineData("a")]
    [InlineData("Az09_-")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 64
    public async Task AClientIdOfOneTo64AllowedCharactersIsStoredAndSentBack(string clientId)
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");

        var response = await app.ClientFor(ada).PostJsonAsync($"/message/{bob.Id}", new { body = "hi", client_id = clientId });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(clientId, (string?)(await response.ReadWireJsonAsync())["client_id"]);
        Assert.Equal(clientId, (string?)(await HistoryAsync(app, bob, ada.Id))[0]!["client_id"]);
    }

    static JArray Messages(IEnumerable<JToken> events) => new(events.Select(e => e["message"]));

    static async Task<JArray> HistoryAsync(ChatAppFactory app, ChatApp.Data.UserDocument reader, int other)
    {
        var response = await app.ClientFor(reader).GetAsync($"/message/{other}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JArray)await response.ReadWireJsonAsync();
    }

    /// <summary>The user's whole feed (the tests here stay far below one page).</summary>
    static async Task<List<JToken>> FeedAsync(ChatAppFactory app, ChatApp.Data.UserDocument owner)
    {
        var response = await app.ClientFor(owner).GetAsync("/sync?since=0&limit=1000");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadWireJsonAsync();
        Assert.False((bool)page["has_more"]!);
        return page["events"]!.ToList();
    }
}
