using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatApp.Tests.Reliability;

/// <summary>Bursts no person sends, so these switch the rate limits off.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task ParallelSignUpsOfOneNameInMixedCaseCreateExactlyOneUser()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var client = app.CreateClient();
        var spellings = new[] { "grace", "Grace", "GRACE", "gRACE", "GrAcE", "gRaCe", "graCE", "GRace" };

        var statuses = await Task.WhenAll(Enumerable.Range(0, 32).Select(async i =>
            (await client.PostJsonAsync("/user", new { username = spellings[i % spellings.Length], password = $"password-{i}" })).StatusCode));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(31, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(1, app.Service<ChatDatabase>().Users.Count());
    }

    [Fact]
    public async Task ParallelSendsFromBothSidesAndManyConversationsLoseAndDuplicateNothing()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var users = new List<UserDocument>();
        for (var i = 0; i < 6; i++)
            users.Add(await app.CreateUserAsync($"user{i}"));
        var hubs = new Dictionary<int, HubConnection>();
        foreach (var user in users.Where((_, i) => i % 2 == 1))
            hubs[user.Id] = await HubClients.ConnectAsync(app, app.TokenFor(user));
        var acknowledged = new ConcurrentBag<(int Id, int From, int To, string Body)>();
        const int PerSender = 12;

        // Every user sends to every other user (both sides of all 15 conversations), odd users over the hub.
        var sends = from a in users
                    from b in users
                    where a.Id != b.Id
                    from n in Enumerable.Range(0, PerSender)
                    select (From: a, To: b, Body: $"{a.Username}->{b.Username} #{n}");
        await Task.WhenAll(sends.Select(async s =>
        {
            JsonElement message = hubs.TryGetValue(s.From.Id, out var hub)
                ? await hub.InvokeAsync<JsonElement>("SendMessage", s.To.Id, s.Body)
                : JsonDocument.Parse((await app.ClientFor(s.From).SendMessageAsync(s.To.Id, s.Body)).ToString()).RootElement;
            acknowledged.Add((message.GetProperty("id").GetInt32(), s.From.Id, s.To.Id, s.Body));
        }));

        Assert.Equal(6 * 5 * PerSender, acknowledged.Count);
        Assert.Equal(acknowledged.Count, acknowledged.Select(a => a.Id).Distinct().Count());
        var messages = app.Service<MessageStore>();
        foreach (var a in users)
            foreach (var b in users.Where(b => b.Id > a.Id))
            {
                var history = messages.Older(a.Id, b.Id, null, null);
                var expected = acknowledged.Where(m => (m.From, m.To) == (a.Id, b.Id) || (m.From, m.To) == (b.Id, a.Id))
                    .OrderByDescending(m => m.Id).Select(m => (m.Id, m.Body));
                Assert.Equal(expected, history.Select(m => (m.Id, m.Body)));
            }
        foreach (var user in users)
            await AssertChatsMatchHistory(app, user, users.Count - 1);
        foreach (var hub in hubs.Values)
            await hub.DisposeAsync();
    }

    static async Task AssertChatsMatchHistory(ChatAppFactory app, UserDocument user, int partners)
    {
        var client = app.ClientFor(user);
        var chats = JsonDocument.Parse(await client.GetStringAsync("/chats")).RootElement.EnumerateArray().ToList();
        Assert.Equal(partners, chats.Count);
        Assert.Equal(partners, chats.Select(c => c.GetProperty("id").GetInt32()).Distinct().Count());
        foreach (var chat in chats)
        {
            var newest = JsonDocument.Parse(await client.GetStringAsync($"/message/{chat.GetProperty("id").GetInt32()}?limit=1"))
                .RootElement[0];
            Assert.Equal(newest.GetRawText(), chat.GetProperty("last_message").GetRawText());
        }
        var lastIds = chats.Select(c => c.GetProperty("last_message").GetProperty("id").GetInt32()).ToList();
        Assert.Equal(lastIds.OrderByDescending(id => id), lastIds);
    }

    [Fact]
    public async Task LogoutRacingInFlightRequestsNeverCausesA5xx()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var statuses = new ConcurrentBag<HttpStatusCode>();

        for (var round = 0; round < 5; round++)
        {
            var client = app.ClientFor(ada);
            var requests = Enumerable.Range(0, 40).Select(async i =>
            {
                var response = (i % 4) switch
                {
                    0 => await client.PostJsonAsync($"/message/{bob.Id}", new { body = $"racing {round}/{i}" }),
                    1 => await client.GetAsync($"/message/{bob.Id}"),
                    2 => await client.GetAsync("/chats"),
                    _ => await client.GetAsync(i % 8 == 3 ? "/logout" : "/login"),
                };
                statuses.Add(response.StatusCode);
            });
            await Task.WhenAll(requests);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/user")).StatusCode);
        }

        Assert.DoesNotContain(statuses, s => (int)s >= 500);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.Unauthorized }));
        var stored = app.Service<MessageStore>().Older(ada.Id, bob.Id, null, null);
        Assert.Equal(stored.Count, stored.Select(m => m.Body).Distinct().Count());
    }

    [Fact]
    public async Task LogoutWhileHubSendsAreInFlightClosesTheConnectionWithoutA5xxOrAStrayMessage()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var token = app.TokenFor(ada);
        await using var hub = await HubClients.ConnectAsync(app, token);
        var closed = new TaskCompletionSource();
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        var acknowledged = new ConcurrentBag<string>();

        var sends = Enumerable.Range(0, 30).Select(async i =>
        {
            try
            {
                acknowledged.Add((await hub.InvokeAsync<JsonElement>("SendMessage", bob.Id, $"hub {i}")).GetProperty("body").GetString()!);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException) { }
        }).ToList();
        var logout = await app.ClientWithToken(token).GetAsync("/logout");
        await Task.WhenAll(sends);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        var stored = app.Service<MessageStore>().Older(ada.Id, bob.Id, null, null).Select(m => m.Body).ToList();
        Assert.Subset(stored.ToHashSet(), acknowledged.ToHashSet());
        Assert.Equal(stored.Count, stored.Distinct().Count());
    }
}
