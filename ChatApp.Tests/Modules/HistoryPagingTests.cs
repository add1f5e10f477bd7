using System.Net;
using System.Web;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace ChatApp.Tests.Modules;

public sealed class HistoryPagingTests(ITestOutputHelper output)
{
    const int ConversationSize = 37;
    static readonly int[] Limits = [1, 2, 3, 4, 5, 6, 10, 18, 36, 37, 38, 1000];

    /// <summary>A message as the model knows it: the contract orders history by time, then id, newest first.</summary>
    sealed record Stored(int Id, long At);

    sealed record Conversation(ChatAppFactory App, HttpClient Client, int Other, List<Stored> NewestFirst);

    /// <summary>
    /// 37 messages between ada and bob in both directions, with ids that do not follow time order and many
    /// equal times (only the id then orders them), and messages of another conversation in between.
    /// </summary>
    static async Task<Conversation> SeedAsync(ChatAppFactory app, Random random)
    {
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var cy = await app.CreateUserAsync("cy");
        var users = new[] { ada, bob, cy };
        var start = ChatAppFactory.Start.ToUnixTimeMilliseconds();
        var messages = new List<NewMessage>();
        while (messages.Count(m => m.To != cy.Id && m.From != cy.Id) < ConversationSize)
        {
            var at = start + random.Next(6) * 1000;
            messages.Add(random.Next(4) switch
            {
                0 => new NewMessage(ada.Id, cy.Id, at, "elsewhere"),
                1 => new NewMessage(bob.Id, ada.Id, at, "to ada"),
                _ => new NewMessage(ada.Id, bob.Id, at, "to bob"),
            });
        }
        await app.Service<MessageStore>().AddManyAsync(messages, id => users.Single(u => u.Id == id));
        var newestFirst = messages.Select((m, i) => (Message: m, Id: i + 1))
            .Where(m => m.Message.To != cy.Id)
            .Select(m => new Stored(m.Id, m.Message.CreatedAt))
            .OrderByDescending(m => m.At).ThenByDescending(m => m.Id)
            .ToList();
        return new Conversation(app, app.ClientFor(ada), bob.Id, newestFirst);
    }

    [Fact]
    public async Task FromAnyAnchorFollowingNextAndPrevVisitsEveryMessageExactlyOnceInOrder()
    {
        var seed = TestSeed.Choose();
        var random = new Random(seed);
        await using var app = new ChatAppFactory();
        var conversation = await SeedAsync(app, random);
        var all = conversation.NewestFirst.Select(m => m.Id).ToList();
        var starts = new List<string> { "", $"limit={ConversationSize}" };
        foreach (var kind in new[] { "before", "after", "around" })
            foreach (var id in all)
                starts.Add($"limit={Limits[random.Next(Limits.Length)]}&{kind}={id}");
        starts.Add($"after={all[^1]}");
        starts.Add($"around={all[ConversationSize / 2]}");
        var requests = 0;

        foreach (var start in starts.Where(s => s.Contains("limit=") || s.Contains("after=") || s.Contains("around=")))
        {
            var context = $"{TestSeed.Describe(seed)}, starting at ?{start}, conversation newest first: [{string.Join(",", all)}]";
            var first = await PageAsync(conversation, $"/message/{conversation.Other}?{start}", context);
            var older = new List<int>();
            var newer = new List<List<int>>();
            requests++;
            for (var (link, hops) = (first.Next, 0); link is not null; hops++)
            {
                Assert.True(hops <= ConversationSize + 2, $"rel=\"next\" never ends; {context}");
                var page = await PageAsync(conversation, link, context);
                requests++;
                older.AddRange(page.Ids);
                link = page.Next;
            }
            for (var (link, hops) = (first.Prev, 0); link is not null; hops++)
            {
                Assert.True(hops <= ConversationSize + 2, $"rel=\"prev\" never ends; {context}");
                var page = await PageAsync(conversation, link, context);
                requests++;
                newer.Insert(0, page.Ids);
                link = page.Prev;
            }

            var visited = newer.SelectMany(p => p).Concat(first.Ids).Concat(older).ToList();
            Assert.True(all.SequenceEqual(visited), $"visited [{string.Join(",", visited)}]; {context}");
        }
        output.WriteLine($"{TestSeed.Describe(seed)}: {starts.Count} starting pages, {requests} requests");
    }

    sealed record Page(List<int> Ids, string? Next, string? Prev);

    /// <summary>Fetches one page and checks it against the model: its messages, its links and what they keep.</summary>
    static async Task<Page> PageAsync(Conversation conversation, string target, string context)
    {
        var response = await conversation.Client.GetAsync(target);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {target}: {(int)response.StatusCode} {body}; {context}");
        var ids = WireJson.Parse(body).Select(m => (int)m["id"]!).ToList();
        var query = HttpUtility.ParseQueryString(new Uri(new Uri("http://x"), target).Query);
        var limit = int.Parse(query["limit"] ?? "50");
        var expected = Expected(conversation.NewestFirst.Select(m => m.Id).ToList(), query, limit);
        Assert.True(expected.SequenceEqual(ids), $"GET {target} gave [{string.Join(",", ids)}], expected [{string.Join(",", expected)}]; {context}");

        var links = LinkHeader.Of(response);
        var all = conversation.NewestFirst.Select(m => m.Id).ToList();
        // Where the page would sit in the whole list: an empty page sits just past its anchor.
        var (top, bottom) = ids.Count > 0
            ? (all.IndexOf(ids[0]), all.IndexOf(ids[^1]))
            : query["before"] is { } before ? (all.IndexOf(int.Parse(before)) + 1, all.IndexOf(int.Parse(before)))
            : (all.IndexOf(int.Parse(query["after"]!)), all.IndexOf(int.Parse(query["after"]!)) - 1);
        var next = links.Target("next");
        var prev = links.Target("prev");
        Assert.True((next is not null) == (bottom < all.Count - 1), $"GET {target}: rel=\"next\" is {next ?? "missing"}; {context}");
        Assert.True((prev is not null) == (top > 0), $"GET {target}: rel=\"prev\" is {prev ?? "missing"}; {context}");
        Assert.Equal(links.Count, (next is null ? 0 : 1) + (prev is null ? 0 : 1));
        foreach (var link in new[] { next, prev }.OfType<string>())
        {
            Assert.StartsWith($"/message/{conversation.Other}?", link);
            var linked = HttpUtility.ParseQueryString(link[link.IndexOf('?')..]);
            Assert.Equal(limit.ToString(), linked["limit"]);
            Assert.Single(new[] { "before", "after", "around" }, a => linked[a] is not null);
        }
        return new Page(ids, next, prev);
    }

    /// <summary>The page the contract describes for a query, from the whole conversation newest first.</summary>
    static List<int> Expected(List<int> all, System.Collections.Specialized.NameValueCollection query, int limit)
    {
        if (query["before"] is { } before)
            return [.. all.Skip(all.IndexOf(int.Parse(before)) + 1).Take(limit)];
        if (query["after"] is { } after)
        {
            var at = all.IndexOf(int.Parse(after));
            return [.. all.Skip(Math.Max(0, at - limit)).Take(Math.Min(at, limit))];
        }
        if (query["around"] is { } around)
        {
            var at = all.IndexOf(int.Parse(around));
            var (newerThere, olderThere) = (at, all.Count - at - 1);
            // Up to half of the rest newer, the others older; more on one side when the other runs out.
            var newer = Math.Min(newerThere, (limit - 1) / 2);
            var older = Math.Min(olderThere, limit - 1 - newer);
            newer = Math.Min(newerThere, limit - 1 - older);
            return [.. all.Skip(at - newer).Take(newer + 1 + older)];
        }
        return [.. all.Take(limit)];
    }

    [Fact]
    public async Task MoreThanOneOfBeforeAfterAndAroundIsA400()
    {
        await using var app = new ChatAppFactory();
        var conversation = await SeedAsync(app, new Random(1));
        var (x, y) = (conversation.NewestFirst[3].Id, conversation.NewestFirst[9].Id);

        foreach (var query in new[] { $"before={x}&after={y}", $"before={x}&around={y}", $"after={x}&around={y}",
                     $"before={x}&after={x}&around={x}", $"limit=5&after={x}&around={x}", $"after={x}&after={y}", $"around={x}&around={y}" })
        {
            var response = await conversation.Client.GetAsync($"/message/{conversation.Other}?{query}");

            var problem = await response.IsProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem["errors"] is JObject { Count: > 0 }, $"{query}: {problem}");
            Assert.False(response.Headers.Contains("Link"), query);
        }
    }

    [Fact]
    public async Task AReplyThatIsNotAPageOrHoldsTheWholeConversationHasNoLinkHeader()
    {
        await using var app = new ChatAppFactory();
        var conversation = await SeedAsync(app, new Random(2));
        var other = conversation.Other;
        var middle = conversation.NewestFirst[ConversationSize / 2].Id;

        foreach (var query in new[] { "", $"?before={middle}", $"?limit={ConversationSize}", "?limit=1000", $"?around={middle}", "?limit=40&around=" + middle })
        {
            var response = await conversation.Client.GetAsync($"/message/{other}{query}");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(LinkHeader.Of(response).Count == 0, $"{query} has a Link header");
        }
        var all = await (await conversation.Client.GetAsync($"/message/{other}")).ReadJsonAsync();
        Assert.Equal(conversation.NewestFirst.Select(m => m.Id), all.Select(m => (int)m["id"]!));
    }

    [Fact]
    public async Task LinksAreRfc8288RelativeTargetsThatKeepThePageLimit()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var client = app.ClientFor(ada);
        for (var i = 1; i <= 10; i++)
            await client.SendMessageAsync(bob.Id, $"m{i}");

        var middle = await client.GetAsync($"/message/{bob.Id}?limit=3&before=8");
        var byDefault = await client.GetAsync($"/message/{bob.Id}?after=2");

        Assert.Equal(HttpStatusCode.OK, middle.StatusCode);
        Assert.Equal([7, 6, 5], (await middle.ReadJsonAsync()).Select(m => (int)m["id"]!));
        Assert.Equal($"</message/{bob.Id}?limit=3&before=5>; rel=\"next\", </message/{bob.Id}?limit=3&after=7>; rel=\"prev\"",
            string.Join(", ", middle.Headers.GetValues("Link")));
        var links = LinkHeader.Of(middle);
        Assert.Equal([["next"], ["prev"]], links.Select(l => l.Relations));
        Assert.All(links, l => Assert.False(Uri.IsWellFormedUriString(l.Target, UriKind.Absolute)));
        Assert.Equal([10, 9, 8, 7, 6, 5, 4, 3], (await byDefault.ReadJsonAsync()).Select(m => (int)m["id"]!));
        Assert.Equal($"/message/{bob.Id}?limit=50&before=3", LinkHeader.Of(byDefault).Target("next"));
        Assert.Null(LinkHeader.Of(byDefault).Target("prev"));
    }

    [Fact]
    public void TheLinkParserReadsTheGrammarNotOneSpelling()
    {
        var links = LinkHeader.Parse("</a?x=1,2>;rel=next ;title=\"a, \\\"b\\\"; c\",\t<https://e.example/b> ; REL=\"prev last\"; rel=ignored");

        Assert.Equal(["/a?x=1,2", "https://e.example/b"], links.Select(l => l.Target));
        Assert.Equal(["next"], links[0].Relations);
        Assert.Equal("a, \"b\"; c", links[0].Parameters["title"]);
        Assert.Equal(["prev", "last"], links[1].Relations);
        Assert.Equal("/a?x=1,2", links.Target("next"));
        Assert.Throws<FormatException>(() => LinkHeader.Parse("/no-brackets; rel=next"));
    }
}
