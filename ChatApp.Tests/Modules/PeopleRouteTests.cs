using System.Net;
using ChatApp.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace ChatApp.Tests.Modules;

public sealed class PeopleRouteTests
{
    static List<string?> Names(JArray users) => users.Select(u => (string?)u["username"]).ToList();

    [Fact]
    public async Task SearchFindsUsernamesStartingWithThePrefixIgnoringCaseOrderedByUsername()
    {
        await using var app = new ChatAppFactory();
        foreach (var name in new[] { "bob", "ADRIAN", "adele", "Adam", "ada", "bad", "xada" })
            await app.CreateUserAsync(name);
        var client = app.ClientFor(await app.CreateUserAsync("caller"));

        var response = await client.GetAsync("/users?q=aD");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Snapshot.Match(await response.ReadJsonAsync());
        Assert.Equal(["ada", "Adam", "adele", "ADRIAN"], Names(await client.GetArrayAsync("/users?q=AD")));
        Assert.Equal(["Adam"], Names(await client.GetArrayAsync("/users?q=adam")));
        Assert.Empty(await client.GetArrayAsync("/users?q=adx"));
        Assert.Equal(["ada", "Adam"], Names(await client.GetArrayAsync("/users?q=ad&limit=2")));
    }

    [Fact]
    public async Task LimitDefaultsTo20AndGoesUpTo100()
    {
        await using var app = new ChatAppFactory();
        await app.AddUsersAsync(Enumerable.Range(0, 120).Select(i => $"p{i:000}"));
        var client = app.ClientFor(await app.CreateUserAsync("caller"));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"p{i:000}"), Names(await client.GetArrayAsync("/users?q=p")));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"p{i:000}"), Names(await client.GetArrayAsync("/users?q=p&limit=100")));
        Assert.Single(await client.GetArrayAsync("/users?q=P&limit=1"));
    }

    [Fact]
    public async Task SearchIsExactOverTwoThousandUsers()
    {
        await using var app = new ChatAppFactory();
        // Numbered names in shuffled order, so insertion order (the id) is not the answer's order.
        var order = Enumerable.Range(0, 2000).OrderBy(i => (i * 7919) % 2000).ToList();
        await app.AddUsersAsync(order.Select(i => $"u{i:0000}").Concat(["u", "U1", "v1999"]));
        var client = app.ClientFor(await app.CreateUserAsync("caller"));

        Assert.Equal(Enumerable.Range(1900, 20).Select(i => $"u{i}"), Names(await client.GetArrayAsync("/users?q=U19")));
        Assert.Equal(["U1"], Names(await client.GetArrayAsync("/users?q=u1&limit=1")));
        Assert.Equal(new[] { "U1" }.Concat(Enumerable.Range(1000, 99).Select(i => $"u{i}")),
            Names(await client.GetArrayAsync("/users?q=u1&limit=100")));
        Assert.Equal(["u1999"], Names(await client.GetArrayAsync("/users?q=u1999")));
        Assert.Equal(["u", "u0000"], Names(await client.GetArrayAsync("/users?q=u&limit=2")));
        Assert.Empty(await client.GetArrayAsync("/users?q=u2"));
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("?q=", "q")]
    [InlineData("?limit=5", "q")]
    [InlineData("?q=a%20b", "q")]
    [InlineData("?q=a%25", "q")]
    [InlineData("?q=%C3%A4", "q")]
    [InlineData("?q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "q")]
    [InlineData("?q=a&limit=0", "limit")]
    [InlineData("?q=a&limit=101", "limit")]
    [InlineData("?q=a&limit=-1", "limit")]
    [InlineData("?q=a&limit=abc", "limit")]
    [InlineData("?q=a&limit=", "limit")]
    public async Task ABadQueryIsA400NamingTheField(string query, string field)
    {
        await using var app = new ChatAppFactory();
        var client = app.ClientFor(await app.CreateUserAsync("caller"));

        var problem = await (await client.GetAsync("/users" + query)).IsProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([field], ((JObject)problem["errors"]!).Properties().Select(p => p.Name));
    }

    [Fact]
    public async Task AUserIsFoundByIdAndAnUnknownOrDeletedIdIs404()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        await app.SignUpAsync("gone");
        var gone = await app.LoginAsync("gone");
        var client = app.ClientFor(await app.CreateUserAsync("caller"));
        var goneId = (int)(await (await app.ClientWithToken(gone).GetAsync("/user")).ReadJsonAsync())["id"]!;
        Assert.Equal(HttpStatusCode.NoContent,
            (await app.ClientWithToken(gone).SendJsonAsync(HttpMethod.Delete, "/user", new { password = TestApi.Password })).StatusCode);

        var found = await client.GetAsync($"/users/{ada.Id}");

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Snapshot.Match(await found.ReadJsonAsync());
        await (await client.GetAsync("/users/999999")).IsProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/users/{goneId}")).IsProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await client.GetArrayAsync("/users?q=gone"));
    }
}
