using System.Net;
using System.Net.Http.Headers;
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
    // The dead-session tokens of TokenAttacks.All sign up and log in; AccountsAuthAttackTests runs those.
    static readonly TokenAttacks.Attack[] Attacks = TokenAttacks.Forged;

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
