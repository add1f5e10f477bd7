using System.Net;
using ChatApp.Tests.Infrastructure;
using Newtonsoft.Json.Linq;

namespace ChatApp.Tests.Modules;

/// <summary>Bursts on purpose, so the rate limits (on by default) are switched off here.</summary>
public sealed class RouteConcurrencyTests
{
    static readonly Dictionary<string, string?> NoRateLimits = new() { ["RateLimits:Enabled"] = "false" };

    [Fact]
    public async Task TwentyParallelSignUpsOfOneNameInDifferentCaseCreateExactlyOneUser()
    {
        await using var app = new ChatAppFactory(settings: NoRateLimits);
        var client = app.CreateClient();
        var names = Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? $"racer{i}".ToUpperInvariant()[..5] : "Racer");

        var responses = await Task.WhenAll(names.Select(n => client.PostJsonAsync("/user", new { username = n, password = "lovelace1815" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created),
            r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Fact]
    public async Task TwoHundredParallelSendsGiveTwoHundredDistinctIdsAllInHistory()
    {
        await using var app = new ChatAppFactory(settings: NoRateLimits);
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var fromAda = app.ClientFor(ada);
        var fromBob = app.ClientFor(bob);

        var sent = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            (i % 2 == 0 ? fromAda.SendMessageAsync(bob.Id, $"a{i}") : fromBob.SendMessageAsync(ada.Id, $"b{i}"))));
        var history = (JArray)await (await fromAda.GetAsync($"/message/{bob.Id}")).ReadJsonAsync();
        var chats = (JArray)await (await fromBob.GetAsync("/chats")).ReadJsonAsync();

        var ids = sent.Select(m => m.Value<int>("id")).ToHashSet();
        Assert.Equal(200, ids.Count);
        Assert.Equal(ids.OrderDescending(), history.Select(m => m.Value<int>("id")));
        Assert.Equal(ids.Max(), chats.Single()["last_message"]!.Value<int>("id"));
    }
}
