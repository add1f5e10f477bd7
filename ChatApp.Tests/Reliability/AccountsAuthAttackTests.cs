using System.Net;
using System.Net.Http.Headers;
using ChatApp.Data;
using ChatApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChatApp.Tests.Reliability;

/// <summary>
/// The auth attack matrix over the routes of people and accounts (issue 14), and the dead tokens that
/// issue brings (ended session, password changed, account disabled or deleted) over the hub too.
/// </summary>
public sealed class AccountsAuthAttackTests(ITestOutputHelper output)
{
    const string NewPassword = "a new long password";

    /// <param name="deletePassword">The body of DELETE /user: the real password, so a forged token that got through would delete.</param>
    static IEnumerable<(string Name, HttpRequestMessage Request)> Targets(int other, int session, string? token, string deletePassword)
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
        yield return ("GET /users", Make(HttpMethod.Get, "/users?q=b"));
        yield return ("GET /users/{id}", Make(HttpMethod.Get, $"/users/{other}"));
        yield return ("PUT /blocks/{user_id}", Make(HttpMethod.Put, $"/blocks/{other}"));
        yield return ("GET /blocks", Make(HttpMethod.Get, "/blocks"));
        yield return ("DELETE /blocks/{user_id}", Make(HttpMethod.Delete, $"/blocks/{other}"));
        yield return ("DELETE /chats/{user_id}", Make(HttpMethod.Delete, $"/chats/{other}"));
        yield return ("GET /sessions", Make(HttpMethod.Get, "/sessions"));
        yield return ("GET /user/export", Make(HttpMethod.Get, "/user/export"));
        yield return ("DELETE /sessions/{id}", Make(HttpMethod.Delete, $"/sessions/{session}"));
        yield return ("POST /user/password", Make(HttpMethod.Post, "/user/password",
            $$"""{"current_password":"{{TestApi.Password}}","new_password":"{{NewPassword}}"}"""));
        yield return ("DELETE /user", Make(HttpMethod.Delete, "/user", $$"""{"password":"{{deletePassword}}"}"""));
        yield return ("GET /user", Make(HttpMethod.Get, "/user"));
        yield return ("hub negotiate (header)", Make(HttpMethod.Post, "/hubs/chat/negotiate?negotiateVersion=1"));
        var query = new HttpRequestMessage(HttpMethod.Post,
            "/hubs/chat/negotiate?negotiateVersion=1" + (token is null ? "" : "&access_token=" + Uri.EscapeDataString(token)));
        yield return ("hub negotiate (access_token query)", query);
    }

    [Fact]
    public async Task EveryForgedMissingOrDeadTokenIsRefusedWith401OnEveryPeopleAndAccountRoute()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var adaId = await app.SignUpAsync("ada");
        var bobId = await app.SignUpAsync("bob");
        var ada = app.Service<ChatApp.Data.Stores.UserStore>().FindById(adaId)!;
        var bob = app.Service<ChatApp.Data.Stores.UserStore>().FindById(bobId)!;
        var adaRest = app.ClientWithToken(await app.LoginAsync("ada"));
        await adaRest.SendMessageAsync(bobId, "hello");
        var session = (int)(await adaRest.GetArrayAsync("/sessions")).Single()["id"]!;
        var client = app.CreateClient();
        var accepted = new List<string>();
        var tried = 0;

        foreach (var attack in TokenAttacks.All)
        {
            var token = await attack.Token(app, ada, bob);
            foreach (var (route, request) in Targets(bobId, session, token, TestApi.Password))
            {
                tried++;
                var response = await client.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Unauthorized
                    || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    accepted.Add($"{attack.Name} on {route}: {(int)response.StatusCode} {response.Content.Headers.ContentType}");
            }
        }
        output.WriteLine($"auth attacks: {TokenAttacks.All.Length} tokens x {tried / TokenAttacks.All.Length} targets = {tried} requests, {accepted.Count} not refused with 401");

        Assert.Empty(accepted);
        var db = app.Service<ChatDatabase>();
        Assert.Equal(0, db.Blocks.Count());
        Assert.Equal(["bob"], (await adaRest.GetArrayAsync("/chats")).Select(c => (string?)c["username"]));
        Assert.Single(await adaRest.GetArrayAsync("/sessions"));
        await app.LoginAsync("ada");
    }

    [Fact]
    public async Task TheRealTokenPassesWhereTheForgedOnesFail()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        await app.SignUpAsync("ada");
        var bobId = await app.SignUpAsync("bob");
        var token = await app.LoginAsync("ada");
        var ended = (int)(await app.ClientWithToken(await app.LoginAsync("ada")).GetArrayAsync("/sessions"))
            .Single(s => (bool)s["current"]!)["id"]!;
        var client = app.CreateClient();

        var statuses = new List<int>();
        // Headers only: the statuses are the point here; ExportRouteTests reads the export's body.
        foreach (var (_, request) in Targets(bobId, ended, token, NewPassword))
            statuses.Add((int)(await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead)).StatusCode);

        // The account is deleted by the eleventh request, so the last three are refused.
        Assert.Equal([200, 200, 204, 200, 204, 204, 200, 200, 204, 204, 204, 401, 401, 401], statuses);
    }
}
