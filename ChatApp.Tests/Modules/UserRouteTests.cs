using System.Net;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;
using Snapshooter.Xunit;

namespace ChatApp.Tests.Modules;

public sealed class UserRouteTests
{
    [Fact]
    public async Task SignUpReturnsTheNewUserAndStoresOnlyAnEnhancedBcryptHash()
    {
        await using var app = new ChatAppFactory();

        var response = await app.CreateClient().PostJsonAsync("/user", new { username = "Ada_L.1", password = "lovelace1815" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Snapshot.Match(await response.ReadJsonAsync());
        var stored = app.Service<UserStore>().FindByUsername("ada_l.1")!;
        Assert.Equal("Ada_L.1", stored.Username);
        Assert.DoesNotContain("lovelace1815", stored.PasswordHash);
        Assert.True(BCrypt.Net.BCrypt.EnhancedVerify("lovelace1815", stored.PasswordHash));
    }

    [Fact]
    public async Task SignUpWithATakenNameInAnotherCaseIsAConflict()
    {
        await using var app = new ChatAppFactory();
        await app.CreateUserAsync("ada");

        var response = await app.CreateClient().PostJsonAsync("/user", new { username = "ADA", password = "lovelace1815" });

        var problem = await response.IsProblemAsync(HttpStatusCode.Conflict);
        Snapshot.Match(problem.WithoutTraceId());
    }

    [Fact]
    public async Task SignUpWithABadUsernameAndShortPasswordNamesBothFields()
    {
        await using var app = new ChatAppFactory();

        var response = await app.CreateClient().PostJsonAsync("/user", new { username = "a b", password = "short" });

        var problem = await response.IsProblemAsync(HttpStatusCode.BadRequest);
        Snapshot.Match(problem.WithoutTraceId());
        Assert.Null(app.Service<UserStore>().FindByUsername("a b"));
    }

    [Theory]
    [InlineData("{\"password\":\"lovelace1815\"}", "username")]
    [InlineData("{\"username\":\"ada\"}", "password")]
    [InlineData("{\"username\":null,\"password\":\"lovelace1815\"}", "username")]
    [InlineData("{\"username\":\"echo\",\"password\":\"lovelace1815\"}", "username")]
    [InlineData("{\"username\":\"ECHO\",\"password\":\"lovelace1815\"}", "username")]
    [InlineData("{\"username\":\"ab\",\"password\":\"lovelace1815\"}", "username")]
    [InlineData("{\"username\":\"abcdefghijklmnopqrstuvwxyz0123456\",\"password\":\"lovelace1815\"}", "username")]
    [InlineData("{\"username\":\"ada\",\"password\":\"1234567\"}", "password")]
    [InlineData("{\"username\":\"ada\",\"password\":12345678}", "password")]
    public async Task SignUpRefusesInvalidInputNamingTheField(string body, string field)
    {
        await using var app = new ChatAppFactory();

        var response = await app.CreateClient().PostRawAsync("/user", body);

        var problem = await response.IsProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?[field]);
        Assert.Null(app.Service<UserStore>().FindById(1));
    }

    [Fact]
    public async Task SignUpAcceptsTheLongestAllowedNameAndPassword()
    {
        await using var app = new ChatAppFactory();
        var name = new string('x', 32);

        var response = await app.CreateClient().PostJsonAsync("/user", new { username = name, password = new string('p', 128) });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(name, (await response.ReadJsonAsync())["username"]!.ToString());
    }

    [Fact]
    public async Task CurrentUserIsTheTokenOwner()
    {
        await using var app = new ChatAppFactory();
        await app.CreateUserAsync("bob");
        var ada = await app.CreateUserAsync("ada");

        var response = await app.ClientFor(ada).GetAsync("/user");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Snapshot.Match(await response.ReadJsonAsync());
    }

    [Fact]
    public async Task CurrentUserWithoutATokenIs401()
    {
        await using var app = new ChatAppFactory();

        var response = await app.CreateClient().GetAsync("/user");

        var problem = await response.IsProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Snapshot.Match(problem.WithoutTraceId());
    }
}
