using System.Net;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace ChatApp.Tests.Modules;

public sealed class MessageRouteTests
{
    [Fact]
    public async Task SendingStoresTheMessageFromTheCallerToTheRecipient()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");

        var response = await app.ClientFor(ada).PostJsonAsync($"/message/{bob.Id}", new { body = "hello bob" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Snapshot.Match(await response.ReadJsonAsync());
        var stored = app.Service<MessageStore>().FindById(1)!;
        Assert.Equal((ada.Id, bob.Id, "hello bob"), (stored.From, stored.To, stored.Body));
    }

    [Fact]
    public async Task SendingByUsernameIgnoresCase()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("Bob");

        var response = await app.ClientFor(ada).PostJsonAsync("/add_message/bOB", new { body = "hi" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(bob.Id, (await response.ReadJsonAsync()).Value<int>("to"));
    }

    [Fact]
    public async Task SendingToAnUnknownUserIdIs404AndStoresNothing()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");

        var response = await app.ClientFor(ada).PostJsonAsync("/message/99", new { body = "anyone?" });

        Snapshot.Match((await response.IsProblemAsync(HttpStatusCode.NotFound)).WithoutTraceId());
        Assert.Null(app.Service<MessageStore>().FindById(1));
    }

    [Fact]
    public async Task SendingToAnUnknownUsernameIs404()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");

        var response = await app.ClientFor(ada).PostJsonAsync("/add_message/nobody", new { body = "anyone?" });

        await response.IsProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"body\":null}")]
    [InlineData("{\"body\":\"\"}")]
    [InlineData("{\"body\":\"  \\n\\t \"}")]
    [InlineData("{\"body\":\"nul \\u0000 inside\"}")]
    [InlineData("{\"body\":\"lone \\ud800 surrogate\"}")]
    [InlineData("{\"body\":12}")]
    [InlineData("{\"body\":[\"a\"]}")]
    public async Task AnInvalidBodyIs400NamingBodyAndStoresNothing(string json)
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");

        var response = await app.ClientFor(ada).PostRawAsync($"/message/{bob.Id}", json);

        var problem = await response.IsProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?["body"]);
        Assert.Null(app.Service<MessageStore>().FindById(1));
    }

    [Fact]
    public async Task ABodyOfExactly4000CharactersIsAcceptedAnd4001IsNot()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var client = app.ClientFor(ada);

        var longest = await client.PostJsonAsync($"/message/{ada.Id}", new { body = "  " + string.Concat(Enumerable.Repeat("😀", 4000)) + " " });
        var tooLong = await client.PostJsonAsync($"/message/{ada.Id}", new { body = new string('a', 4001) });

        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
        await tooLong.IsProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("  spaced out  ")]
    [InlineData("emoji 😀👩‍👩‍👧 and ñ, 漢字, עברית")]
    [InlineData("line one\nline two\ttabbed\r\n")]
    [InlineData("<script>alert('x')</script> \" \\ ' OR 1=1 --")]
    public async Task BodiesRoundTripExactlyAsSent(string body)
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var client = app.ClientFor(ada);

        var sent = await client.SendMessageAsync(bob.Id, body);
        var history = await (await client.GetAsync($"/message/{bob.Id}")).ReadJsonAsync();

        Assert.Equal(body, sent.Value<string>("body"));
        Assert.Equal(body, history[0]!.Value<string>("body"));
        Assert.Equal(body, app.Service<MessageStore>().FindById(sent.Value<int>("id"))!.Body);
    }

    [Fact]
    public async Task HistoryHoldsBothDirectionsNewestFirstAndOrdersEqualTimesById()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        await app.ClientFor(ada).SendMessageAsync(bob.Id, "one");
        await app.ClientFor(bob).SendMessageAsync(ada.Id, "two");
        await app.ClientFor(eve).SendMessageAsync(ada.Id, "not in this conversation");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await app.ClientFor(ada).SendMessageAsync(bob.Id, "three");

        var response = await app.ClientFor(bob).GetAsync($"/message/{ada.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Snapshot.Match(await response.ReadJsonAsync());
    }

    [Fact]
    public async Task PagingWithLimitAndBeforeWalksTheWholeHistoryWithoutGapsOrRepeats()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var client = app.ClientFor(ada);
        for (var i = 0; i < 25; i++)
        {
            if (i % 4 == 0)
                app.Clock.Advance(TimeSpan.FromMilliseconds(1));
            await client.SendMessageAsync(bob.Id, $"m{i}");
        }

        var seen = new List<int>();
        string? before = null;
        while (true)
        {
            var page = (JArray)await (await client.GetAsync($"/message/{bob.Id}?limit=7{before}")).ReadJsonAsync();
            seen.AddRange(page.Select(m => m.Value<int>("id")));
            if (page.Count < 7)
                break;
            before = $"&before={page.Last!.Value<int>("id")}";
        }

        Assert.Equal(Enumerable.Range(1, 25).Reverse(), seen);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?before=999", "before")]
    [InlineData("?before=x", "before")]
    public async Task BadPagingIs400(string query, string field)
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");

        var response = await app.ClientFor(ada).GetAsync($"/message/{bob.Id}{query}");

        var problem = await response.IsProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?[field]);
    }

    [Fact]
    public async Task BeforeAMessageOfAnotherConversationIs400AndRevealsNothing()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        var secret = await app.ClientFor(ada).SendMessageAsync(bob.Id, "secret");

        var response = await app.ClientFor(eve).GetAsync($"/message/{ada.Id}?before={secret.Value<int>("id")}");

        var problem = await response.IsProblemAsync(HttpStatusCode.BadRequest);
        Assert.DoesNotContain("secret", problem.ToString());
    }

    [Fact]
    public async Task HistoryWithAnUnknownUserIs404()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");

        var response = await app.ClientFor(ada).GetAsync("/message/42");

        await response.IsProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task HistoryWithSomeoneNeverWrittenToIsEmpty()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");

        var response = await app.ClientFor(ada).GetAsync($"/message/{bob.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((JArray)await response.ReadJsonAsync());
    }
}
