using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using ChatApp.Features.Auth;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace ChatApp.Tests.Reliability;

/// <summary>
/// The hostile-input table and the auth matrix for the version 2 messaging routes and the <c>Typing</c> hub
/// method: every bad request gets its documented 4xx as problem+json, changes nothing, and no forged token passes.
/// </summary>
public sealed class MessagingHostileInputTests(ITestOutputHelper output)
{
    const string Json = "application/json";
    static readonly string Huge = new('x', 1024 * 1024);

    sealed record Case(string Name, HttpMethod Method, string Path, string? Body, string? ContentType, int Expected);

    /// <summary>Bad bodies any JSON route must refuse the same way; <paramref name="valid"/> is a good value of the field.</summary>
    static IEnumerable<Case> MalformedBodies(HttpMethod method, string path, string field, string valid)
    {
        Case With(string name, string body, int expected, string? contentType = Json) => new(name, method, path, body, contentType, expected);
        yield return With("truncated JSON", "{", 400);
        yield return With("empty body", "", 400);
        yield return With("JSON null", "null", 400);
        yield return With("array", "[]", 400);
        yield return With("string", "\"text\"", 400);
        yield return With("number", "42", 400);
        yield return With("field an array", $$"""{"{{field}}":[{{valid}}]}""", 400);
        yield return With("field an operator object", "{\"" + field + "\":{\"$gt\":\"\"}}", 400);
        yield return With("unknown field", $$"""{"{{field}}":{{valid}},"is_admin":true}""", 400);
        yield return With("trailing garbage", $$"""{"{{field}}":{{valid}}} {}""", 400);
        yield return With("single quotes", $$"""{'{{field}}':{{valid}}}""", 400);
        yield return With("nesting 10000 deep", new string('[', 10_000) + new string(']', 10_000), 400);
        yield return With("1 MiB string", $$"""{"{{field}}":"{{Huge}}"}""", 413);
        yield return With("text/plain", $$"""{"{{field}}":{{valid}}}""", 415, "text/plain");
        yield return With("form encoded", $"{field}=1", 415, "application/x-www-form-urlencoded");
        yield return With("no content type", $$"""{"{{field}}":{{valid}}}""", 415, null);
    }

    static IEnumerable<Case> Cases(int bob, int message, int othersMessage)
    {
        foreach (var c in MalformedBodies(HttpMethod.Patch, $"/messages/{message}", "body", "\"x\""))
            yield return c;
        foreach (var path in new[] { $"/chats/{bob}/read", $"/chats/{bob}/unread" })
        {
            var field = path.EndsWith("/read") ? "up_to" : "from";
            foreach (var c in MalformedBodies(HttpMethod.Post, path, field, message.ToString()))
                yield return c;
            Case Post(string name, string body, int expected = 400) => new(name, HttpMethod.Post, path, body, Json, expected);
            yield return Post("empty object", "{}");
            yield return Post("field null", $$"""{"{{field}}":null}""");
            foreach (var value in new[] { "1.5", "1e3", "true", "-1", "0", "2147483648", "-2147483649", "999999", othersMessage.ToString() })
                yield return Post($"{field} {value}", $$"""{"{{field}}":{{value}}}""");
        }
        foreach (var body in new[] { "null", "\"\"", "\"   \"", "\"a\\u0000b\"", "\"bell\\u0007\"", "\"\\ud800\"", $"\"{new string('b', 4001)}\"", "5" })
            yield return new("bad edit body " + (body.Length > 12 ? body[..12] : body), HttpMethod.Patch, $"/messages/{message}", $$"""{"body":{{body}}}""", Json, 400);
        yield return new("edit: empty object", HttpMethod.Patch, $"/messages/{message}", "{}", Json, 400);
        foreach (var c in MalformedBodies(HttpMethod.Patch, "/user/settings", "share_presence", "false"))
            yield return c;
        // (A null field is taken as not given: the settings are unchanged, 200.)
        foreach (var value in new[] { "\"false\"", "0", "1", "\"yes\"", "{}" })
            yield return new($"settings share_presence {value}", HttpMethod.Patch, "/user/settings", $$"""{"share_presence":{{value}}}""", Json, 400);

        // Ids that are not a message of the caller's: 404, whatever their shape.
        foreach (var id in new[] { "0", "-1", "999999", othersMessage.ToString(), "2147483648", "abc", "1.5", "%20", "' OR 1=1 --" })
        {
            var path = $"/messages/{Uri.EscapeDataString(id)}";
            yield return new($"GET message {id}", HttpMethod.Get, path, null, null, 404);
            yield return new($"PATCH message {id}", HttpMethod.Patch, path, """{"body":"x"}""", Json, 404);
            yield return new($"DELETE message {id}", HttpMethod.Delete, path, null, null, 404);
        }
        foreach (var user in new[] { "0", "-1", "999999", "2147483648", "abc", "bob" })
        {
            yield return new($"read with user {user}", HttpMethod.Post, $"/chats/{user}/read", $$"""{"up_to":{{message}}}""", Json, 404);
            yield return new($"unread with user {user}", HttpMethod.Post, $"/chats/{user}/unread", $$"""{"from":{{message}}}""", Json, 404);
        }
        yield return new("PUT /messages/{id}", HttpMethod.Put, $"/messages/{message}", """{"body":"x"}""", Json, 405);
        yield return new("POST /messages/{id}", HttpMethod.Post, $"/messages/{message}", """{"body":"x"}""", Json, 405);
        yield return new("GET /chats/{id}/read", HttpMethod.Get, $"/chats/{bob}/read", null, null, 405);
        yield return new("POST /chats/unread", HttpMethod.Post, "/chats/unread", "{}", Json, 405);
        yield return new("POST /user/settings", HttpMethod.Post, "/user/settings", """{"share_presence":false}""", Json, 405);
        yield return new("DELETE /user/settings", HttpMethod.Delete, "/user/settings", null, null, 405);
    }

    [Fact]
    public async Task EveryHostileRequestToTheMessagingRoutesGetsItsDocumented4xxAndChangesNothing()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        var client = app.ClientFor(ada);
        var message = await app.ClientFor(bob).SendRestAsync(ada.Id, "hi");
        // Ada's own message, so that PATCH reaches the body rules; Bob and Eve's, which is not hers to see.
        var own = await client.SendRestAsync(bob.Id, "mine");
        var others = (int)(await app.ClientFor(bob).SendRestAsync(eve.Id, "not ada's"))["id"]!;
        var chatsBefore = await client.GetStringAsync("/chats");
        var feedBefore = await client.FeedHeadAsync();
        var wrong = new List<string>();
        var tried = 0;

        foreach (var c in Cases(bob.Id, (int)own["id"]!, others))
        {
            tried++;
            using var request = new HttpRequestMessage(c.Method, c.Path);
            if (c.Body is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(c.Body));
                if (c.ContentType is not null)
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
            }
            var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            if (status != c.Expected || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                wrong.Add($"{c.Name} ({c.Method} {Shorten(c.Path)}): expected {c.Expected}, got {status} {Shorten(text)}");
        }
        output.WriteLine($"hostile messaging requests: {tried}, mismatches: {wrong.Count}");

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(chatsBefore, await client.GetStringAsync("/chats"));
        Assert.Equal(feedBefore, await client.FeedHeadAsync());
        Assert.Equal("""{"share_read_receipts":true,"share_presence":true}""", await client.GetStringAsync("/user/settings"));
        WireJson.AssertSame(message, await (await client.GetAsync($"/messages/{message["id"]}")).ReadWireJsonAsync());
        WireJson.AssertSame(own, await (await client.GetAsync($"/messages/{own["id"]}")).ReadWireJsonAsync());
    }

    [Fact]
    public async Task EveryHostileTypingInvocationGetsAHubExceptionAndTheConnectionStaysOpen()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        await using var hub = await Device.OpenAsync(app, ada);
        await using var bobHub = await Device.OpenAsync(app, bob);
        List<object?[]> calls =
        [
            ["abc"], [2147483648L], [1.5], [null], [new[] { bob.Id }], [new { to = bob.Id }], [], [bob.Id, "extra"], ["bob"],
            [0], [-1], [999_999], [int.MaxValue], [int.MinValue],
        ];
        var notRefused = new List<string>();

        foreach (var args in calls)
        {
            try
            {
                await hub.Connection.InvokeCoreAsync("Typing", typeof(object), args).WaitAsync(HubTestClient.Patience);
                notRefused.Add($"Typing({string.Join(", ", args)}) was accepted");
            }
            catch (HubException) { }
        }
        await hub.Connection.InvokeAsync("Typing", bob.Id).WaitAsync(HubTestClient.Patience);
        output.WriteLine($"hostile Typing invocations: {calls.Count}, not refused: {notRefused.Count}");

        Assert.Empty(notRefused);
        Assert.Equal(HubConnectionState.Connected, hub.Connection.State);
        await bobHub.WaitForAsync(ChatApp.Contracts.EventNames.Typing, _ => true);
        await Task.Delay(100);
        Assert.Single(bobHub.All(ChatApp.Contracts.EventNames.Typing));
    }

    sealed record Attack(string Name, Func<ChatAppFactory, ChatApp.Data.UserDocument, ChatApp.Data.UserDocument, Task<string?>> Token);

    static byte[] RealKey(ChatAppFactory app) => app.Service<SigningKey>().Key.Key;

    static readonly Attack[] Attacks =
    [
        new("no token", (_, _, _) => Task.FromResult<string?>(null)),
        new("garbage", (_, _, _) => Task.FromResult<string?>("garbage")),
        new("alg none", (_, a, _) => Task.FromResult<string?>(ForgedTokens.Unsigned(ForgedTokens.Claims(a.Id)))),
        new("HS256 with another key", (_, a, _) => Task.FromResult<string?>(
            ForgedTokens.Hmac(ForgedTokens.Header("HS256"), ForgedTokens.Claims(a.Id), RandomNumberGenerator.GetBytes(64)))),
        new("RS256 with the attacker's own key", (_, a, _) => Task.FromResult<string?>(ForgedTokens.Rs256WithOwnKey(a.Id))),
        new("expired a second ago", (app, a, _) => Task.FromResult<string?>(ForgedTokens.Hmac(ForgedTokens.Header("HS256"),
            ForgedTokens.Claims(a.Id, from: TimeSpan.FromHours(-2), until: TimeSpan.FromSeconds(-1)), RealKey(app)))),
        new("sub tampered to another user", (app, a, b) => Task.FromResult<string?>(ForgedTokens.WithSubject(app.TokenFor(a), b.Id))),
        new("revoked by logout", async (app, a, _) =>
        {
            var token = app.TokenFor(a);
            (await app.ClientWithToken(token).GetAsync("/logout")).EnsureSuccessStatusCode();
            return token;
        }),
        new("a user id that does not exist", (app, _, _) => Task.FromResult<string?>(
            ForgedTokens.Hmac(ForgedTokens.Header("HS256"), ForgedTokens.Claims(999_999), RealKey(app)))),
    ];

    static IEnumerable<(string Name, HttpRequestMessage Request)> Targets(int bob, int message, string? token)
    {
        HttpRequestMessage Make(HttpMethod method, string path, string? json = null)
        {
            var request = new HttpRequestMessage(method, path);
            if (json is not null)
                request.Content = new StringContent(json, Encoding.UTF8, Json);
            if (token is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        }
        yield return ("GET /messages/{message_id}", Make(HttpMethod.Get, $"/messages/{message}"));
        yield return ("PATCH /messages/{message_id}", Make(HttpMethod.Patch, $"/messages/{message}", """{"body":"forged"}"""));
        yield return ("DELETE /messages/{message_id}", Make(HttpMethod.Delete, $"/messages/{message}"));
        yield return ("POST /chats/{user_id}/read", Make(HttpMethod.Post, $"/chats/{bob}/read", $$"""{"up_to":{{message}}}"""));
        yield return ("POST /chats/{user_id}/unread", Make(HttpMethod.Post, $"/chats/{bob}/unread", $$"""{"from":{{message}}}"""));
        yield return ("GET /chats/unread", Make(HttpMethod.Get, "/chats/unread"));
        yield return ("GET /user/settings", Make(HttpMethod.Get, "/user/settings"));
        yield return ("PATCH /user/settings", Make(HttpMethod.Patch, "/user/settings", """{"share_presence":false}"""));
    }

    [Fact]
    public async Task EveryForgedMissingOrDeadTokenIsRefusedWith401OnEveryMessagingRoute()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var message = (int)(await app.ClientFor(ada).SendRestAsync(bob.Id, "untouched"))["id"]!;
        var client = app.CreateClient();
        var accepted = new List<string>();
        var tried = 0;

        foreach (var attack in Attacks)
        {
            var token = await attack.Token(app, ada, bob);
            foreach (var (route, request) in Targets(bob.Id, message, token))
            {
                tried++;
                var response = await client.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Unauthorized || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    accepted.Add($"{attack.Name} on {route}: {(int)response.StatusCode} {response.Content.Headers.ContentType}");
            }
        }
        output.WriteLine($"auth attacks on messaging routes: {tried} requests, {accepted.Count} not refused with 401");

        Assert.Empty(accepted);
        var adaRest = app.ClientFor(ada);
        Assert.Equal("untouched", (string?)(await (await adaRest.GetAsync($"/messages/{message}")).ReadWireJsonAsync())["body"]);
        Assert.Equal("""{"share_read_receipts":true,"share_presence":true}""", await adaRest.GetStringAsync("/user/settings"));
        Assert.Single(await app.ClientFor(bob).SyncAsync());
        // The real token passes where the forged ones failed.
        var statuses = new List<int>();
        foreach (var (_, request) in Targets(bob.Id, message, app.TokenFor(ada)))
            statuses.Add((int)(await client.SendAsync(request)).StatusCode);
        Assert.Equal([200, 200, 204, 204, 204, 200, 200, 200], statuses);
    }

    static string Shorten(string text) => text.Length > 160 ? text[..160] + "…" : text;
}

public sealed class MessagingWrongTypeTests
{
    // docs/API.md: 400 for a wrong type. ASP.NET's web JSON defaults read numbers from strings, so "5" passes as 5.
    [Theory]
    [InlineData("read", "up_to")]
    [InlineData("unread", "from")]
    public async Task AMessageIdSentAsAStringIsAWrongType400(string route, string field)
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var id = (int)(await app.ClientFor(bob).SendRestAsync(ada.Id, "hi"))["id"]!;

        var response = await app.ClientFor(ada).PostRawAsync($"/chats/{bob.Id}/{route}", $$"""{"{{field}}":"{{id}}"}""");

        await response.IsProblemAsync(HttpStatusCode.BadRequest);
    }
}
