using System.Net;
using System.Text;
using ChatApp.Data;
using ChatApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChatApp.Tests.Reliability;

/// <summary>
/// HostileInputTests' table for the routes of people and accounts (issue 14): each bad request gets its
/// documented 4xx as problem+json, never a 5xx, and changes nothing: no block, no hidden chat, no ended
/// session, the password and the account as they were.
/// </summary>
public sealed class AccountsHostileInputTests(ITestOutputHelper output)
{
    const string Json = "application/json";
    static readonly string Huge = new('x', 1024 * 1024);
    static readonly string[] Injections = ["$.username", "' OR 1=1 --", """{"$gt":""}""", "'; DROP TABLE users; --", "<script>alert(1)</script>"];

    sealed record Case(string Name, HttpMethod Method, string Path, byte[]? Body, string? ContentType, int Expected);

    static Case Send(HttpMethod method, string name, string path, string body, int expected, string? contentType = Json) =>
        new(name, method, path, Encoding.UTF8.GetBytes(body), contentType, expected);

    static Case Get(string name, string path, int expected) => new(name, HttpMethod.Get, path, null, null, expected);

    static Case Bodiless(HttpMethod method, string name, string path, int expected) => new(name, method, path, null, null, expected);

    /// <summary>Bad bodies any JSON route must refuse the same way (HostileInputTests' list, for any verb).</summary>
    static IEnumerable<Case> MalformedBodies(HttpMethod method, string path, string field)
    {
        yield return Send(method, "truncated JSON", path, "{", 400);
        yield return Send(method, "empty body", path, "", 400);
        yield return Send(method, "JSON null", path, "null", 400);
        yield return Send(method, "array", path, $$"""[{"{{field}}":"x"}]""", 400);
        yield return Send(method, "string", path, "\"text\"", 400);
        yield return Send(method, "number", path, "42", 400);
        yield return Send(method, "empty object", path, "{}", 400);
        yield return Send(method, "field null", path, $$"""{"{{field}}":null}""", 400);
        yield return Send(method, "field a number", path, $$"""{"{{field}}":5}""", 400);
        yield return Send(method, "field an array", path, $$"""{"{{field}}":["a"]}""", 400);
        yield return Send(method, "field an operator object", path, "{\"" + field + "\":{\"$gt\":\"\"}}", 400);
        yield return Send(method, "unknown field", path, $$"""{"{{field}}":"x","is_admin":true}""", 400);
        yield return Send(method, "trailing garbage", path, $$"""{"{{field}}":"x"} {}""", 400);
        yield return Send(method, "single quotes", path, $$"""{'{{field}}':'x'}""", 400);
        yield return Send(method, "nesting 10000 deep", path, new string('[', 10_000) + new string(']', 10_000), 400);
        yield return Send(method, "1 MiB string", path, $$"""{"{{field}}":"{{Huge}}"}""", 413);
        yield return new("invalid UTF-8", method, path, [.. Encoding.ASCII.GetBytes($$"""{"{{field}}":"a"""), 0xC3, 0x28, .. "\"}"u8], Json, 400);
        yield return Send(method, "text/plain", path, $$"""{"{{field}}":"x"}""", 415, "text/plain");
        yield return Send(method, "form encoded", path, $"{field}=x", 415, "application/x-www-form-urlencoded");
        yield return Send(method, "no content type", path, $$"""{"{{field}}":"x"}""", 415, null);
    }

    static IEnumerable<Case> Cases(int self, int bob, int session)
    {
        foreach (var c in MalformedBodies(HttpMethod.Post, "/user/password", "current_password"))
            yield return c;
        foreach (var c in MalformedBodies(HttpMethod.Delete, "/user", "password"))
            yield return c;
        yield return Bodiless(HttpMethod.Delete, "DELETE /user without a body", "/user", 400);
        string Change(string current, string next) => $$"""{"current_password":{{Inputs.Json(current)}},"new_password":{{Inputs.Json(next)}}}""";
        foreach (var password in new[] { "short", "with\0nul1", new string('p', 129), "\ud800alone-surrogate", "" })
            yield return Send(HttpMethod.Post, "a bad new password", "/user/password", Change(TestApi.Password, password), 400);
        foreach (var wrong in Injections.Concat([TestApi.Password.ToUpperInvariant(), TestApi.Password + " ", new string('c', 128)]))
        {
            yield return Send(HttpMethod.Post, $"password change with current {wrong}", "/user/password", Change(wrong, "a new long password"), 403);
            yield return Send(HttpMethod.Delete, $"account deletion with {wrong}", "/user", $$"""{"password":{{Inputs.Json(wrong)}}}""", 403);
        }

        foreach (var q in Injections.Concat(["", "a b", "a%", "ä", "\u0430da", "ad\u200b", new string('a', 33), "a/b", "*", ".*", "a\0"]))
            yield return Get($"search for {q}", "/users?q=" + Uri.EscapeDataString(q), 400);
        foreach (var query in new[] { "", "limit=5", "q=a&limit=abc", "q=a&limit=0", "q=a&limit=101", "q=a&limit=-1",
                     "q=a&limit=99999999999", "q=a&limit=", "q=a&q=b", "q=a&limit=1&limit=2", "q[]=a", "q[$gt]=a" })
            yield return Get($"search {query}", "/users?" + query, 400);

        foreach (var id in new[] { "0", "-1", "999999" })
        {
            yield return Get($"user {id}", $"/users/{id}", 404);
            yield return Bodiless(HttpMethod.Put, $"block user {id}", $"/blocks/{id}", 404);
            yield return Bodiless(HttpMethod.Delete, $"unblock user {id}", $"/blocks/{id}", 404);
            yield return Bodiless(HttpMethod.Delete, $"hide chat with {id}", $"/chats/{id}", 404);
            yield return Bodiless(HttpMethod.Delete, $"end session {id}", $"/sessions/{id}", 404);
        }
        foreach (var id in new[] { "2147483648", "-2147483649", "abc", "1.5", "0x2", "1e3", "%20", "' OR 1=1 --", "$.username" })
        {
            var escaped = Uri.EscapeDataString(id);
            yield return Get($"user {id}", $"/users/{escaped}", 404);
            yield return Bodiless(HttpMethod.Put, $"block {id}", $"/blocks/{escaped}", 404);
            yield return Bodiless(HttpMethod.Delete, $"unblock {id}", $"/blocks/{escaped}", 404);
            yield return Bodiless(HttpMethod.Delete, $"hide chat with {id}", $"/chats/{escaped}", 404);
            yield return Bodiless(HttpMethod.Delete, $"end session {id}", $"/sessions/{escaped}", 404);
        }
        yield return Bodiless(HttpMethod.Put, "block oneself", $"/blocks/{self}", 400);
        yield return Bodiless(HttpMethod.Delete, "unblock oneself", $"/blocks/{self}", 400);
        // Someone else's session is not the caller's: the same 404 as a session that never was.
        yield return Bodiless(HttpMethod.Delete, "end bob's session", $"/sessions/{session}", 404);

        yield return Bodiless(HttpMethod.Post, "POST /users", "/users", 405);
        yield return Bodiless(HttpMethod.Delete, "DELETE /users/{id}", $"/users/{bob}", 405);
        yield return Bodiless(HttpMethod.Post, "POST /blocks/{id}", $"/blocks/{bob}", 405);
        yield return Bodiless(HttpMethod.Delete, "DELETE /blocks", "/blocks", 405);
        yield return Bodiless(HttpMethod.Delete, "DELETE /sessions", "/sessions", 405);
        yield return Bodiless(HttpMethod.Get, "GET /user/password", "/user/password", 405);
        yield return Bodiless(HttpMethod.Post, "POST /user/export", "/user/export", 405);
    }

    [Fact]
    public async Task EveryHostileRequestToAPeopleOrAccountRouteGetsItsDocumented4xxAndChangesNothing()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var selfId = await app.SignUpAsync("ada");
        var bobId = await app.SignUpAsync("bob");
        var client = app.ClientWithToken(await app.LoginAsync("ada"));
        var other = app.ClientWithToken(await app.LoginAsync("ada"));
        var bob = app.ClientWithToken(await app.LoginAsync("bob"));
        await client.SendMessageAsync(bobId, "hello");
        var bobSession = (int)(await bob.GetArrayAsync("/sessions")).Single()["id"]!;
        var wrong = new List<string>();
        var tried = 0;

        foreach (var c in Cases(selfId, bobId, bobSession))
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
            if (status != c.Expected || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                wrong.Add($"{c.Name} ({c.Method} {Shorten(c.Path)}): expected {c.Expected}, got {status} {response.Content.Headers.ContentType}");
            else if (!await IsProblem(response, status))
                wrong.Add($"{c.Name} ({c.Method} {Shorten(c.Path)}): the problem body lacks status, title or detail");
        }
        output.WriteLine($"hostile people and account requests: {tried}, mismatches: {wrong.Count}");

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        var db = app.Service<ChatDatabase>();
        Assert.Equal(0, db.Blocks.Count());
        Assert.Equal(3, db.Sessions.Count());
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/user")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/user")).StatusCode);
        Assert.Equal(["bob"], (await client.GetArrayAsync("/chats")).Select(c => (string?)c["username"]));
        await app.LoginAsync("ada");
    }

    [Fact]
    public async Task HostileInviteCodesAreRefusedAndSignUpNobody()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits(("Registration:Mode", "invite")));
        var client = app.CreateClient();
        var wrong = new List<string>();

        string SignUp(string code) => $$"""{"username":"newcomer","password":"long enough password","invite_code":{{code}}}""";
        var cases = new List<(string Body, int Expected)>
        {
            (SignUp("5"), 400), (SignUp("[\"a\"]"), 400), (SignUp("{\"$gt\":\"\"}"), 400), (SignUp("true"), 400),
            (SignUp(Inputs.Json(Huge)), 413), (SignUp("null"), 403),
            // A lone surrogate is not text: refused like in any other field.
            (SignUp(Inputs.Json("\ud800")), 400),
        };
        foreach (var code in Injections.Concat(["", " ", "a\0b", "%", "*", new string('A', 16)]))
            cases.Add((SignUp(Inputs.Json(code)), 403));
        foreach (var (body, expected) in cases)
        {
            var response = await client.PostAsync("/user", new StringContent(body, Encoding.UTF8, Json));
            if ((int)response.StatusCode != expected || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                wrong.Add($"{(body.Length > 200 ? Shorten(body) : body)}: expected {expected}, got {(int)response.StatusCode}");
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(0, app.Service<ChatDatabase>().Users.Count());
    }

    static async Task<bool> IsProblem(HttpResponseMessage response, int status)
    {
        var problem = await response.ReadJsonAsync();
        return (int?)problem["status"] == status && problem["title"] is not null && problem["detail"] is not null;
    }

    static string Shorten(string path) => path.Length > 60 ? path[..60] + "…" : path;
}
