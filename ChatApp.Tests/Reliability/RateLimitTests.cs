using ChatApp.Features;
using System.Net;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Hosting;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using Snapshooter;
using Snapshooter.Xunit;

namespace ChatApp.Tests.Reliability;

public sealed class RateLimitTests
{
    static object Credentials(string username, string password = "wrong password") => new { username, password };

    [Fact]
    public async Task LimitsAreOnByDefaultWithDefaultsNoPersonMeets()
    {
        await using var app = new ChatAppFactory();

        var limits = app.Service<IOptions<RateLimitOptions>>().Value;

        Assert.True(limits.Enabled);
        Assert.Equal((30, 10, 30, 30, 300), (limits.LoginsPerMinutePerAddress, limits.LoginsPerMinutePerUsername,
            limits.SignUpsPerHourPerAddress, limits.MessageBurst, limits.MessagesPerMinute));
    }

    [Fact]
    public async Task OneLoginMoreThanTheLimitForOneUsernameWithinAMinuteGets429WithRetryAfter()
    {
        // Three a minute: a token comes back every 20 s, far longer than three logins take on a loaded machine
        // (the default 10 a minute refills every 6 s, which ten slow password checks can outlast).
        await using var app = new ChatAppFactory(settings: Settings.Of(("RateLimits:LoginsPerMinutePerUsername", "3")));
        await app.CreateUserAsync("ada");
        var client = app.CreateClient();

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostJsonAsync("/login", Credentials("ada"))).StatusCode);
        var refused = await client.PostJsonAsync("/login", Credentials("ADA", TestApi.Password));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(20), refused.Headers.RetryAfter?.Delta);
        Snapshot.Match(await refused.ReadJsonAsync(), o => o.IgnoreField("trace_id"));
    }

    [Fact]
    public async Task LoginLimitOnOneUsernameDoesNotLockOutAnotherUsername()
    {
        await using var app = new ChatAppFactory(settings: Settings.Of(("RateLimits:LoginsPerMinutePerUsername", "2")));
        await app.CreateUserAsync("bob");
        var client = app.CreateClient();
        for (var i = 0; i < 2; i++)
            await client.PostJsonAsync("/login", Credentials("ada"));

        var ada = await client.PostJsonAsync("/login", Credentials("ada"));
        var bob = await client.PostJsonAsync("/login", Credentials("bob", TestApi.Password));

        Assert.Equal(HttpStatusCode.TooManyRequests, ada.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bob.StatusCode);
    }

    [Fact]
    public async Task LoginsFromOneAddressAcrossManyUsernamesAreLimitedPerAddress()
    {
        await using var app = new ChatAppFactory(settings: Settings.Of(("RateLimits:LoginsPerMinutePerAddress", "3")));
        var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        foreach (var name in new[] { "u1", "u2", "u3", "u4" })
            statuses.Add((await client.PostJsonAsync("/login", Credentials(name))).StatusCode);
        var refused = await client.PostJsonAsync("/login", Credentials("u5"));

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(20), refused.Headers.RetryAfter?.Delta);
        Snapshot.Match(await refused.ReadJsonAsync(), o => o.IgnoreField("trace_id"));
    }

    [Fact]
    public async Task SignUpsBeyondTheLimitPerAddressGet429AndStoreNothing()
    {
        await using var app = new ChatAppFactory(settings: Settings.Of(("RateLimits:SignUpsPerHourPerAddress", "2"), ("Auth:BcryptWorkFactor", "4")));
        var client = app.CreateClient();

        var first = await client.PostJsonAsync("/user", Credentials("first", "password1"));
        var second = await client.PostJsonAsync("/user", Credentials("second", "password2"));
        var third = await client.PostJsonAsync("/user", Credentials("third", "password3"));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, second.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(30), third.Headers.RetryAfter?.Delta);
        Assert.Null(app.Service<UserStore>().FindByUsername("third"));
    }

    [Fact]
    public async Task RestAndHubSendsShareOneBudgetPerUser()
    {
        await using var app = new ChatAppFactory(settings: Settings.Of(("RateLimits:MessageBurst", "3"), ("RateLimits:MessagesPerMinute", "1")));
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var rest = app.ClientFor(ada);
        await using var hub = await HubClients.ConnectAsync(app, app.TokenFor(ada));

        await rest.SendMessageAsync(bob.Id, "one");
        await hub.InvokeAsync<object>("SendMessage", bob.Id, "two");
        await rest.SendMessageAsync(bob.Id, "three");
        var refusedRest = await rest.PostJsonAsync($"/message/{bob.Id}", new { body = "four" });
        var refusedHub = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<object>("SendMessageTo", "bob", "five"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refusedRest.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), refusedRest.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", refusedRest.Content.Headers.ContentType?.MediaType);
        Snapshot.Match(await refusedRest.ReadJsonAsync(), o => o.IgnoreField("trace_id"));
        Assert.EndsWith("HubException: too many messages: try again in 60 s", refusedHub.Message);
        Assert.Equal(HubConnectionState.Connected, hub.State);
        Assert.Equal(["three", "two", "one"], app.Service<MessageStore>().Older(ada.Id, bob.Id, null, null).Select(m => m.Body));
    }

    [Fact]
    public async Task AFloodOfHubSendsDrawsOnTheSameBudgetAsRest()
    {
        await using var app = new ChatAppFactory(settings: Settings.Of(("RateLimits:MessageBurst", "4"), ("RateLimits:MessagesPerMinute", "1")));
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var rest = app.ClientFor(ada);
        await using var hub = await HubClients.ConnectAsync(app, app.TokenFor(ada));
        await rest.SendMessageAsync(bob.Id, "rest");

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            try
            {
                var request = i % 2 == 0 ? (object)new { to = bob.Id, body = $"flood {i}", client_id = $"f{i}" } : new { to_username = "bob", body = $"flood {i}" };
                await hub.InvokeAsync<object>("Send", request);
                return "sent";
            }
            catch (HubException e) when (e.Message.EndsWith("too many messages: try again in 60 s")) { return "refused"; }
        }));
        var refusedRest = await rest.PostJsonAsync($"/message/{bob.Id}", new { body = "after the flood" });

        Assert.Equal((3, 27), (results.Count(r => r == "sent"), results.Count(r => r == "refused")));
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedRest.StatusCode);
        Assert.Equal(HubConnectionState.Connected, hub.State);
        Assert.Equal(4, app.Service<MessageStore>().Older(ada.Id, bob.Id, null, null).Count);
        Assert.Equal(4, app.Service<FeedStore>().NewestSeq(bob.Id));
    }

    [Fact]
    public async Task AHubFloodIsRefusedWithoutDisconnectingAnyoneElse()
    {
        await using var app = new ChatAppFactory(settings: Settings.Of(("RateLimits:MessageBurst", "5"), ("RateLimits:MessagesPerMinute", "1")));
        var flooder = await app.CreateUserAsync("flooder");
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        await using var flood = await HubClients.ConnectAsync(app, app.TokenFor(flooder));
        await using var adaHub = await HubClients.ConnectAsync(app, app.TokenFor(ada));

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            try { await flood.InvokeAsync<object>("SendMessage", bob.Id, $"spam {i}"); return "sent"; }
            catch (HubException) { return "refused"; }
        }));
        var adaMessage = await adaHub.InvokeAsync<object>("SendMessage", bob.Id, "hello bob");

        Assert.Equal(5, results.Count(r => r == "sent"));
        Assert.Equal(35, results.Count(r => r == "refused"));
        Assert.NotNull(adaMessage);
        Assert.Equal(HubConnectionState.Connected, flood.State);
        Assert.Equal(HubConnectionState.Connected, adaHub.State);
        Assert.Equal(5, app.Service<MessageStore>().Older(flooder.Id, bob.Id, null, null).Count);
    }

    [Fact]
    public async Task SwitchedOffLimitsLetABurstThrough()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var client = app.ClientFor(ada);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(async i => (await client.PostJsonAsync($"/message/{bob.Id}", new { body = $"m{i}" })).StatusCode));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        Assert.Equal(100, app.Service<MessageStore>().Older(ada.Id, bob.Id, null, null).Count);
    }
}
