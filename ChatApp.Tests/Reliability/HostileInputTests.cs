using System.Net;
using System.Text;
using System.Text.Json;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace ChatApp.Tests.Reliability;

/// <summary>
/// A bounded table of bad input for every route and hub method. Each must get its documented 4xx as
/// problem+json (hub: a HubException on a connection that stays open), never a 5xx, and store nothing.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output)
{
    const string Json = "application/json";
    static readonly string Huge = new('x', 1024 * 1024);
    static readonly string[] Injections = ["$.username", "' OR 1=1 --", """{"$gt":""}""", "'; DROP TABLE users; --", "$where: 1 == 1", "<script>alert(1)</script>"];
    static readonly string[] LookAlikes = ["\u0430da", "\uff41\uff44\uff41", "ada\u200b", "Ad\u0391", "ad\u0430"];

    sealed record Case(string Name, HttpMethod Method, string Path, byte[]? Body, string? ContentType, int Expected);

    static Case Post(string name, string path, string body, int expected, string? contentType = Json) =>
        new(name, HttpMethod.Post, path, Encoding.UTF8.GetBytes(body), contentType, expected);

    static Case PostBytes(string name, string path, byte[] body, int expected) => new(name, HttpMethod.Post, path, body, Json, expected);

    static Case Get(string name, string path, int expected) => new(name, HttpMethod.Get, path, null, null, expected);

    /// <summary>Bad bodies any JSON route must refuse the same way.</summary>
    static IEnumerable<Case> MalformedBodies(string path, string field)
    {
        yield return Post("truncated JSON", path, "{", 400);
        yield return Post("empty body", path, "", 400);
        yield return Post("JSON null", path, "null", 400);
        yield return Post("array", path, "[]", 400);
        yield return Post("array of objects", path, $$"""[{"{{field}}":"x"}]""", 400);
        yield return Post("string", path, "\"text\"", 400);
        yield return Post("number", path, "42", 400);
        yield return Post("true", path, "true", 400);
        yield return Post("empty object", path, "{}", 400);
        yield return Post("field null", path, $$"""{"{{field}}":null}""", 400);
        yield return Post("field a number", path, $$"""{"{{field}}":5}""", 400);
        yield return Post("field an array", path, $$"""{"{{field}}":["a"]}""", 400);
        yield return Post("field an operator object", path, "{\"" + field + "\":{\"$gt\":\"\"}}", 400);
        yield return Post("unknown field", path, $$"""{"{{field}}":"x","is_admin":true}""", 400);
        yield return Post("trailing garbage", path, $$"""{"{{field}}":"x"} {}""", 400);
        yield return Post("comment", path, $$"""{/* hi */"{{field}}":"x"}""", 400);
        yield return Post("single quotes", path, $$"""{'{{field}}':'x'}""", 400);
        yield return Post("nesting 10000 deep", path, new string('[', 10_000) + new string(']', 10_000), 400);
        yield return Post("1 MiB string", path, $$"""{"{{field}}":"{{Huge}}"}""", 413);
        yield return PostBytes("invalid UTF-8", path, [.. Encoding.ASCII.GetBytes($$"""{"{{field}}":"a"""), 0xC3, 0x28, .. "\"}"u8], 400);
        yield return PostBytes("lone surrogate as UTF-8", path, [.. Encoding.ASCII.GetBytes($$"""{"{{field}}":"a"""), 0xED, 0xA0, 0x80, .. "\"}"u8], 400);
        yield return Post("text/plain", path, $$"""{"{{field}}":"x"}""", 415, "text/plain");
        yield return Post("form encoded", path, $"{field}=x", 415, "application/x-www-form-urlencoded");
        yield return Post("no content type", path, $$"""{"{{field}}":"x"}""", 415, null);
    }

    static IEnumerable<Case> Cases(int bob)
    {
        foreach (var path in new[] { "/user", "/login" })
            foreach (var c in MalformedBodies(path, "username"))
                yield return c;
        foreach (var path in new[] { $"/message/{bob}", "/add_message/bob" })
            foreach (var c in MalformedBodies(path, "body"))
                yield return c;

        string Credentials(string username, string password = "long enough password") =>
            $$"""{"username":{{Inputs.Json(username)}},"password":{{Inputs.Json(password)}}}""";
        foreach (var name in Injections.Concat(LookAlikes).Concat(["a/b", "a%2Fb", "ad\0a", "ad\ta", "", "ab", new string('a', 33), "echo", "ECHO"]))
        {
            yield return Post($"sign-up as {name}", "/user", Credentials(name), 400);
            // The same answer as an unknown user: nothing tells the caller whether the name exists.
            yield return Post($"login as {name}", "/login", Credentials(name), name.Length == 0 ? 400 : 401);
        }
        foreach (var password in new[] { "short", "with\0nul1", "bell\u0007bell", new string('p', 129), "\ud800alone-surrogate" })
            yield return Post("sign-up with a bad password", "/user", Credentials("newcomer", password), 400);
        foreach (var body in new[] { "", "   ", "\n\t ", "a\0b", "bell\u0007", "esc\u001b[31m", "\ud800", "x\udc00y", new string('b', 4001), string.Concat(Enumerable.Repeat("😀", 4001)) })
        {
            var json = $$"""{"body":{{Inputs.Json(body)}}}""";
            yield return Post("bad message body", $"/message/{bob}", json, 400);
            yield return Post("bad message body", "/add_message/bob", json, 400);
        }

        var message = """{"body":"hi"}""";
        // (A NUL in the path is refused by the test server's client before it reaches the app; Kestrel answers it with 400.)
        foreach (var id in new[] { "0", "-1", "999999" })
        {
            yield return Get($"history with user {id}", $"/message/{id}", 404);
            yield return Post($"message to user {id}", $"/message/{id}", message, 404);
        }
        foreach (var id in new[] { "2147483648", "-2147483649", "abc", "1.5", "0x2", "1e3", "%20", "' OR 1=1 --", "$.username" })
        {
            yield return Get($"history with id {id}", $"/message/{Uri.EscapeDataString(id)}", 404);
            yield return Post($"message to id {id}", $"/message/{Uri.EscapeDataString(id)}", message, 404);
        }
        foreach (var name in Injections.Concat(LookAlikes).Concat(["a%2Fb", "b%6Fb%2F", "bob ", "bob/"]))
            yield return Post($"message to username {name}", $"/add_message/{Uri.EscapeDataString(name)}", message, 404);
        yield return Post("message to a username with a slash", "/add_message/a/b", message, 404);
        yield return Post("message to an empty username", "/add_message/", message, 404);

        foreach (var query in new[] { "limit=abc", "limit=0", "limit=-1", "limit=1001", "limit=99999999999", "limit=", "before=abc",
                     "before=-1", "before=0", "before=2147483648", "before=999999", "limit=1&limit=2", "before=1&before=2" })
            yield return Get($"history paged {query}", $"/message/{bob}?{query}", 400);

        foreach (var query in new[] { "after=abc", "after=-1", "after=0", "after=999999", "after=2147483648", "around=abc", "around=0",
                     "around=1.5", "around=", "after=", "limit=5&after=x", "after=1&around=1", "before=1&after=1", "after=1&after=2" })
            yield return Get($"history paged {query}", $"/message/{bob}?{query}", 400);

        // The caller's feed is empty: any since above 0 is beyond its newest seq.
        foreach (var query in new[] { "since=-1", "since=abc", "since=1.5", "since=", "since=1e3", "since=0x1", "since=99999999999", "since=1",
                     "since=2147483647", "since=%00", "since=0&since=1", "limit=0", "limit=-5", "limit=1001", "limit=abc", "limit=", "limit=0.5",
                     "limit=99999999999", "limit=1&limit=2", "since=-0.0&limit=1" })
            yield return Get($"sync {query}", $"/sync?{query}", 400);

        foreach (var clientId in new[] { "\"\"", "\" \"", "\"a b\"", "\"\u00e9\"", "\"a/b\"", "\"a.b\"", "\"$where\"", "\"a\\u0000\"",
                     $"\"{new string('c', 65)}\"", "5", "true", "[\"a\"]", "{\"$gt\":\"\"}" })
        {
            var json = $$"""{"body":"hi","client_id":{{clientId}}}""";
            yield return Post($"client_id {clientId}", $"/message/{bob}", json, 400);
            yield return Post($"client_id {clientId}", "/add_message/bob", json, 400);
        }

        yield return new("PUT /user", HttpMethod.Put, "/user", null, null, 405);
        yield return new("PUT /message/{id}", HttpMethod.Put, $"/message/{bob}", Encoding.UTF8.GetBytes(message), Json, 405);
        yield return new("PATCH /login", HttpMethod.Patch, "/login", Encoding.UTF8.GetBytes(message), Json, 405);
        yield return Get("unknown route", "/admin", 404);
    }

    [Fact]
    public async Task EveryHostileRequestGetsItsDocumented4xxAsProblemJsonAndStoresNothing()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var client = app.ClientFor(ada);
        var wrong = new List<string>();
        var tried = 0;
        var serverErrors = 0;

        foreach (var c in Cases(bob.Id))
        {
            tried++;
            using var request = new HttpRequestMessage(c.Method, c.Path);
            if (c.Body is not null)
            {
                request.Content = new ByteArrayContent(c.Body);
                if (c.ContentType is not null)
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
            }
            var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            if (status >= 500)
                serverErrors++;
            if (status != c.Expected || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                wrong.Add($"{c.Name} ({c.Method} {Shorten(c.Path)}): expected {c.Expected}, got {status} {response.Content.Headers.ContentType}");
            else if (!await IsProblem(response, status))
                wrong.Add($"{c.Name} ({c.Method} {Shorten(c.Path)}): the problem body lacks status, title or detail");
        }
        output.WriteLine($"hostile REST requests: {tried}, 5xx: {serverErrors}, other mismatches: {wrong.Count - serverErrors}");

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        var db = app.Service<ChatDatabase>();
        Assert.Equal(2, db.Users.Count());
        Assert.Equal(0, db.Messages.Count());
    }

    [Fact]
    public async Task InjectionLookingBodiesAreJustTextAndComeBackByteForByte()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var client = app.ClientFor(ada);

        foreach (var body in Injections)
            Assert.Equal(body, (string?)(await client.SendMessageAsync(bob.Id, body))["body"]);
        var history = await client.GetStringAsync($"/message/{bob.Id}");

        var stored = JsonDocument.Parse(history).RootElement.EnumerateArray().Select(m => m.GetProperty("body").GetString()).Reverse();
        Assert.Equal(Injections, stored);
    }

    [Fact]
    public async Task EveryHostileHubInvocationGetsAHubExceptionAndTheConnectionStaysOpen()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        await using var hub = await HubClients.ConnectAsync(app, app.TokenFor(ada));
        var calls = new List<(string Method, object?[] Args)>
        {
            ("SendMessage", ["abc", "hi"]), ("SendMessage", [2147483648L, "hi"]), ("SendMessage", [1.5, "hi"]),
            ("SendMessage", [null, "hi"]), ("SendMessage", [new[] { bob.Id }, "hi"]), ("SendMessage", [bob.Id, 5]),
            ("SendMessage", [bob.Id, new[] { "a" }]), ("SendMessage", [bob.Id, new { body = "hi" }]), ("SendMessage", [bob.Id]),
            ("SendMessage", [bob.Id, "hi", "extra"]), ("SendMessage", []), ("SendMessageTo", ["bob"]), ("DeleteEverything", []),
            ("OnConnectedAsync", []), ("OnDisconnectedAsync", [null]),
        };
        foreach (var id in new[] { 0, -1, 999_999, int.MaxValue, int.MinValue })
            calls.Add(("SendMessage", [id, "hi"]));
        // (A lone surrogate cannot be sent from here: the client's serializer turns it into U+FFFD; REST covers it.)
        foreach (var body in new[] { null, "", "   ", "a\0b", "bell\u0007", new string('b', 4001) })
            calls.Add(("SendMessage", [bob.Id, body]));
        foreach (var name in Injections.Concat(LookAlikes).Concat([null, "", "a/b", "a%2Fb", "bob\0", "bob "]))
            calls.Add(("SendMessageTo", [name, "hi"]));
        // The caller's feed is empty: Resume(1) is beyond its newest seq.
        foreach (var since in new object?[] { "abc", "0", -1, 1, 1.5, null, 2147483648L, int.MinValue, int.MaxValue, new { since = 0 }, new[] { 0 }, true })
            calls.Add(("Resume", [since]));
        calls.Add(("Resume", []));
        calls.Add(("Resume", [0, 1]));
        foreach (var request in SendRequests(bob.Id))
            calls.Add(("Send", [request]));
        calls.Add(("Send", []));
        calls.Add(("Send", [new { to = bob.Id, body = "hi" }, "extra"]));
        var notRefused = new List<string>();
        var serverFaults = new List<string>();

        foreach (var (method, args) in calls)
        {
            var call = $"{method}({string.Join(", ", args.Select(a => JsonSerializer.Serialize(a)))})";
            try
            {
                await hub.InvokeCoreAsync<JsonElement>(method, args);
                notRefused.Add($"{call} was accepted");
            }
            catch (HubException e) when (e.Message.Contains(ServerFault))
            {
                // The hub's stand-in for a 5xx: the input reached code that threw something other than a refusal.
                serverFaults.Add($"{call}: {e.Message}");
            }
            catch (HubException) { }
        }
        output.WriteLine($"hostile hub invocations: {calls.Count}, not refused: {notRefused.Count}, server faults: {serverFaults.Count}");

        Assert.Empty(notRefused);
        Assert.True(serverFaults.Count == 0, string.Join("\n", serverFaults));
        Assert.Equal(HubConnectionState.Connected, hub.State);
        Assert.Equal("fine", (await hub.InvokeAsync<JsonElement>("SendMessage", bob.Id, "fine")).GetProperty("body").GetString());
        Assert.Equal(1, app.Service<ChatDatabase>().Messages.Count());
    }

    [Fact]
    public async Task AHubMessageOverTheSizeLimitClosesOnlyThatConnectionAndStoresNothing()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        await using var attacker = await HubClients.ConnectAsync(app, app.TokenFor(ada));
        await using var bystander = await HubClients.ConnectAsync(app, app.TokenFor(bob));

        await Assert.ThrowsAnyAsync<Exception>(() => attacker.InvokeAsync<JsonElement>("SendMessage", bob.Id, Huge));
        var after = await bystander.InvokeAsync<JsonElement>("SendMessage", ada.Id, "still here");

        Assert.Equal("still here", after.GetProperty("body").GetString());
        Assert.Equal(HubConnectionState.Connected, bystander.State);
        Assert.Equal(1, app.Service<ChatDatabase>().Messages.Count());
    }

    /// <summary>The text <c>HubErrorFilter</c> puts in place of an unexpected exception's.</summary>
    const string ServerFault = "the server failed to handle the call";

    /// <summary>Bad <c>Send</c> requests: wrong shapes, both or neither recipient, bad bodies and client ids, unknown recipients.</summary>
    static IEnumerable<object?> SendRequests(int bob)
    {
        // A JSON null for the whole request: the hub must refuse it, not throw a NullReferenceException.
        yield return null;
        yield return "to bob";
        yield return 5;
        yield return new[] { bob };
        yield return new { };
        yield return new { to = bob, to_username = "bob", body = "both" };
        yield return new { body = "neither" };
        yield return new { to = (int?)null, to_username = (string?)null, body = "both null" };
        yield return new { to = bob };
        yield return new { to_username = "bob" };
        yield return new { to = bob, body = (string?)null };
        yield return new { to = bob, body = 5 };
        yield return new { to = bob, body = new[] { "a" } };
        foreach (var body in new[] { "", "   ", "a\0b", "bell\u0007", new string('b', 4001) })
            yield return new { to = bob, body };
        foreach (var clientId in new object[] { "", " ", "a b", "\u00e9", "a/b", "a.b", new string('c', 65), 5, true, new[] { "a" } })
            yield return new { to = bob, body = "hi", client_id = clientId };
        foreach (var to in new object?[] { "abc", 1.5, 0, -1, 999_999, 2147483648L, "2", true })
            yield return new { to, body = "hi" };
        foreach (var name in Injections.Concat(LookAlikes).Concat(["", "a/b", "bob ", "nobody"]))
            yield return new { to_username = name, body = "hi" };
        yield return new { to_username = 5, body = "hi" };
        yield return new { to = bob, body = "hi", is_admin = true };
        yield return new { to = bob, body = "hi", from = 1 };
    }

    static async Task<bool> IsProblem(HttpResponseMessage response, int status)
    {
        var problem = await response.ReadJsonAsync();
        return (int?)problem["status"] == status && problem["title"] is not null && problem["detail"] is not null;
    }

    static string Shorten(string path) => path.Length > 60 ? path[..60] + "…" : path;
}
