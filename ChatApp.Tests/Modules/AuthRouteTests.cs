using System.Net;
using ChatApp.Features.Auth;
using ChatApp.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace ChatApp.Tests.Modules;

public sealed class AuthRouteTests
{
    [Fact]
    public async Task LoginReturnsAnHs256TokenWithSubjectIdExpiryAndUniqueId()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");

        var response = await app.CreateClient().PostJsonAsync("/login", new { username = "ADA", password = TestApi.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (JObject)await response.ReadJsonAsync();
        var jwt = new JsonWebToken(body.Value<string>("access_token"));
        Assert.Equal("HS256", jwt.Alg);
        Assert.Equal(ada.Id.ToString(), jwt.Subject);
        Assert.False(string.IsNullOrEmpty(jwt.Id));
        Assert.Equal(86_400, (jwt.ValidTo - jwt.IssuedAt).TotalSeconds);
        body["access_token"] = "<jwt>";
        Snapshot.Match(body);
    }

    [Fact]
    public async Task TwoLoginsGiveTwoDifferentTokens()
    {
        await using var app = new ChatAppFactory();
        await app.CreateUserAsync("ada");
        var client = app.CreateClient();

        var first = await (await client.PostJsonAsync("/login", new { username = "ada", password = TestApi.Password })).ReadJsonAsync();
        var second = await (await client.PostJsonAsync("/login", new { username = "ada", password = TestApi.Password })).ReadJsonAsync();

        Assert.NotEqual(first["access_token"]!.ToString(), second["access_token"]!.ToString());
    }

    [Fact]
    public async Task LoginWithWrongPasswordGivesTheSame401AsUnknownUser()
    {
        await using var app = new ChatAppFactory();
        await app.CreateUserAsync("ada");
        var client = app.CreateClient();

        var wrongPassword = await client.PostJsonAsync("/login", new { username = "ada", password = "not the password" });
        var unknownUser = await client.PostJsonAsync("/login", new { username = "nobody", password = TestApi.Password });

        var first = (await wrongPassword.IsProblemAsync(HttpStatusCode.Unauthorized)).WithoutTraceId();
        var second = (await unknownUser.IsProblemAsync(HttpStatusCode.Unauthorized)).WithoutTraceId();
        Assert.Equal(first.ToString(), second.ToString());
        Snapshot.Match(first);
    }

    [Fact]
    public async Task LoginWithoutPasswordIs400()
    {
        await using var app = new ChatAppFactory();

        var response = await app.CreateClient().PostJsonAsync("/login", new { username = "ada" });

        var problem = await response.IsProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?["password"]);
    }

    [Theory]
    [InlineData("/logout")]
    [InlineData("/login")]
    public async Task GetLogoutOrLoginRevokesTheTokenEverywhere(string path)
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var client = app.ClientFor(ada);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await response.ReadJsonAsync())["message"]);
        foreach (var route in new[] { "/user", "/chats", $"/message/{bob.Id}", "/logout", "/login" })
            await (await client.GetAsync(route)).IsProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PostJsonAsync($"/message/{bob.Id}", new { body = "hi" })).IsProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(ada).GetAsync("/user")).StatusCode);
    }

    [Fact]
    public async Task LogoutAnswersWithAMessage()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");

        var response = await app.ClientFor(ada).GetAsync("/logout");

        Snapshot.Match(await response.ReadJsonAsync());
    }

    [Fact]
    public async Task ARevokedTokenStaysRevokedAfterARestart()
    {
        var path = ChatAppFactory.TempDatabasePath();
        string revoked, kept;
        await using (var app = new ChatAppFactory(path))
        {
            var ada = await app.CreateUserAsync("ada");
            revoked = app.TokenFor(ada);
            kept = app.TokenFor(ada);
            Assert.Equal(HttpStatusCode.OK, (await app.ClientWithToken(revoked).GetAsync("/logout")).StatusCode);
        }

        await using (var restarted = new ChatAppFactory(path))
        {
            await (await restarted.ClientWithToken(revoked).GetAsync("/user")).IsProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Equal(HttpStatusCode.OK, (await restarted.ClientWithToken(kept).GetAsync("/user")).StatusCode);
        }
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public async Task AnExpiredTokenIs401WithoutGrace()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var token = MintToken(app, ada.Id.ToString(), DateTime.UtcNow.AddSeconds(-1));

        var response = await app.ClientWithToken(token).GetAsync("/user");

        var problem = await response.IsProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem.Value<string>("detail"));
    }

    [Fact]
    public async Task ATokenSignedWithAnotherKeyIs401()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var otherKey = new SymmetricSecurityKey(new byte[32]);
        var token = MintToken(app, ada.Id.ToString(), DateTime.UtcNow.AddHours(1), otherKey);

        await (await app.ClientWithToken(token).GetAsync("/user")).IsProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AQueryStringTokenIsIgnoredOnRestRoutes()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");

        var response = await app.CreateClient().GetAsync($"/user?access_token={app.TokenFor(ada)}");

        await response.IsProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task AGeneratedSigningKeyIsKeptBesideTheDatabaseReadableByTheOwnerOnly()
    {
        await using var app = new ChatAppFactory();

        var key = app.Service<SigningKey>();

        Assert.True(key.Generated);
        Assert.Equal(app.DatabasePath + ".jwt.key", key.FilePath);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key.FilePath!));
        Assert.Equal(64, Convert.FromBase64String(File.ReadAllText(key.FilePath!)).Length);
    }

    static string MintToken(ChatAppFactory app, string subject, DateTime expires, SecurityKey? key = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenIssuer.Issuer,
            Audience = TokenIssuer.Audience,
            IssuedAt = expires.AddHours(-1),
            NotBefore = expires.AddHours(-1),
            Expires = expires,
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["jti"] = Guid.NewGuid().ToString("N") },
            SigningCredentials = new SigningCredentials(key ?? app.Service<SigningKey>().Key, SecurityAlgorithms.HmacSha256),
        });
}
