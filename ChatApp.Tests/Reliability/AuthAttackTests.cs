using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Features.Auth;
using ChatApp.Tests.Infrastructure;
using Snapshooter;
using Snapshooter.Xunit;
using Xunit.Abstractions;

namespace ChatApp.Tests.Reliability;

public sealed class AuthAttackTests(ITestOutputHelper output)
{
    sealed record Attack(string Name, Func<ChatAppFactory, UserDocument, UserDocument, Task<string?>> Token);

    static readonly Attack[] Attacks =
    [
        new("no token", (_, _, _) => Task.FromResult<string?>(null)),
        new("garbage", (_, _, _) => Task.FromResult<string?>("garbage")),
        new("three empty parts", (_, _, _) => Task.FromResult<string?>("..")),
        new("alg none", (_, a, _) => Task.FromResult<string?>(ForgedTokens.Unsigned(ForgedTokens.Claims(a.Id)))),
        new("HS256 with another key", (_, a, _) => Task.FromResult<string?>(
            ForgedTokens.Hmac(ForgedTokens.Header("HS256"), ForgedTokens.Claims(a.Id), RandomNumberGenerator.GetBytes(64)))),
        new("RS256 with the attacker's own key", (_, a, _) => Task.FromResult<string?>(ForgedTokens.Rs256WithOwnKey(a.Id))),
        new("RS256 header over an HMAC with the real key", (app, a, _) => Task.FromResult<string?>(
            ForgedTokens.Hmac(ForgedTokens.Header("RS256"), ForgedTokens.Claims(a.Id), RealKey(app)))),
        new("HS512 with the real key", (app, a, _) => Task.FromResult<string?>(
            ForgedTokens.Hmac(ForgedTokens.Header("HS512"), ForgedTokens.Claims(a.Id), RealKey(app)))),
        new("expired a second ago", (app, a, _) => Task.FromResult<string?>(ForgedTokens.Hmac(ForgedTokens.Header("HS256"),
            ForgedTokens.Claims(a.Id, from: TimeSpan.FromHours(-2), until: TimeSpan.FromSeconds(-1)), RealKey(app)))),
        new("not valid for another hour", (app, a, _) => Task.FromResult<string?>(ForgedTokens.Hmac(ForgedTokens.Header("HS256"),
            ForgedTokens.Claims(a.Id, from: TimeSpan.FromHours(1), until: TimeSpan.FromHours(2)), RealKey(app)))),
        new("no expiry", (app, a, _) => Task.FromResult<string?>(ForgedTokens.Hmac(ForgedTokens.Header("HS256"),
            ForgedTokens.Claims(a.Id).Where(c => c.Key != "exp").ToDictionary(), RealKey(app)))),
        new("another audience", (app, a, _) => Task.FromResult<string?>(ForgedTokens.Hmac(ForgedTokens.Header("HS256"),
            new Dictionary<string, object>(ForgedTokens.Claims(a.Id)) { ["aud"] = "someone-else" }, RealKey(app)))),
        new("sub tampered to another user", (app, a, b) => Task.FromResult<string?>(ForgedTokens.WithSubject(app.TokenFor(a), b.Id))),
        new("revoked by logout", async (app, a, _) =>
        {
            var token = app.TokenFor(a);
            (await app.ClientWithToken(token).GetAsync("/logout")).EnsureSuccessStatusCode();
            return token;
        }),
        new("a user id that does not exist", (app, _, _) => Task.FromResult<string?>(
            ForgedTokens.Hmac(ForgedTokens.Header("HS256"), ForgedTokens.Claims(999_999), RealKey(app)))),
        new("a negative user id", (app, _, _) => Task.FromResult<string?>(
            ForgedTokens.Hmac(ForgedTokens.Header("HS256"), ForgedTokens.Claims(-1), RealKey(app)))),
    ];

    static byte[] RealKey(ChatAppFactory app) => app.Service<SigningKey>().Key.Key;

    static IEnumerable<(string Name, HttpRequestMessage Request)> Targets(int other, string? token)
    {
        HttpRequestMessage Make(HttpMethod method, string path, string? json = null)
        {
            var request = new HttpRequestMessage(method, path);
            if (json is not null)
                request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            if (token is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        }
        yield return ("GET /user", Make(HttpMethod.Get, "/user"));
        yield return ("GET /chats", Make(HttpMethod.Get, "/chats"));
        yield return ("GET /message/{id}", Make(HttpMethod.Get, $"/message/{other}"));
        yield return ("POST /message/{id}", Make(HttpMethod.Post, $"/message/{other}", """{"body":"forged"}"""));
        yield return ("POST /add_message/{username}", Make(HttpMethod.Post, "/add_message/bob", """{"body":"forged"}"""));
        yield return ("GET /sync", Make(HttpMethod.Get, "/sync?since=0&limit=1000"));
        yield return ("GET /message/{id} paged", Make(HttpMethod.Get, $"/message/{other}?limit=5&around=1"));
        yield return ("POST /message/{id} with client_id", Make(HttpMethod.Post, $"/message/{other}", """{"body":"forged","client_id":"forged-1"}"""));
        yield return ("GET /logout", Make(HttpMethod.Get, "/logout"));
        yield return ("GET /login", Make(HttpMethod.Get, "/login"));
        yield return ("hub negotiate (header)", Make(HttpMethod.Post, "/hubs/chat/negotiate?negotiateVersion=1"));
        // Browsers send the hub token in the query string; the header is left off for this one.
        var query = new HttpRequestMessage(HttpMethod.Post,
            "/hubs/chat/negotiate?negotiateVersion=1" + (token is null ? "" : "&access_token=" + Uri.EscapeDataString(token)));
        yield return ("hub negotiate (access_token query)", query);
    }

    [Fact]
    public async Task EveryForgedMissingOrDeadTokenIsRefusedWith401OnEveryRouteAndTheHub()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var client = app.CreateClient();
        var accepted = new List<string>();
        var tried = 0;

        foreach (var attack in Attacks)
        {
            var token = await attack.Token(app, ada, bob);
            foreach (var (route, request) in Targets(bob.Id, token))
            {
                tried++;
                var response = await client.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Unauthorized
                    || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    accepted.Add($"{attack.Name} on {route}: {(int)response.StatusCode} {response.Content.Headers.ContentType}");
            }
        }
        output.WriteLine($"auth attacks: {Attacks.Length} tokens x {tried / Attacks.Length} targets = {tried} requests, {accepted.Count} not refused with 401");

        Assert.Empty(accepted);
        Assert.Empty(app.Service<MessageStore>().Older(ada.Id, bob.Id, null, null));
        Assert.Equal((0, 0), (app.Service<FeedStore>().NewestSeq(ada.Id), app.Service<FeedStore>().NewestSeq(bob.Id)));
    }

    [Fact]
    public async Task TheRealTokenPassesWhereTheForgedOnesFail()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var client = app.CreateClient();

        var statuses = new List<int>();
        foreach (var (_, request) in Targets(bob.Id, app.TokenFor(ada)).Where(t => !t.Name.Contains("/log")))
            statuses.Add((int)(await client.SendAsync(request)).StatusCode);

        // The paged history anchors on the message sent just before it: 200 with the real token.
        Assert.Equal([200, 200, 200, 201, 201, 200, 200, 201, 200, 200], statuses);
    }

    [Fact]
    public async Task ATamperedTokenGetsTheInvalidTokenProblem()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");

        var response = await app.ClientWithToken(ForgedTokens.WithSubject(app.TokenFor(ada), bob.Id)).GetAsync("/user");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Snapshot.Match(await response.ReadJsonAsync(), o => o.IgnoreField("trace_id"));
    }
}
