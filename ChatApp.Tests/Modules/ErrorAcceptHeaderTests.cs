using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ChatApp.Tests.Infrastructure;
using Newtonsoft.Json.Linq;

namespace ChatApp.Tests.Modules;

/// <summary>
/// Every error is problem+json whatever the Accept header: a browser opening a route, or a client that
/// asks for text or XML, gets the same body as a JSON client, from every path that writes errors
/// (status code pages, the exception handler, the 401 challenge, the 413 and 429 writers, endpoints).
/// </summary>
public sealed class ErrorAcceptHeaderTests
{
    public static readonly TheoryData<string> Accepts =
    [
        "text/html",
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
        "text/plain",
        "application/xml",
        "image/png",
        "application/json",
    ];

    public static readonly TheoryData<HttpStatusCode, string> Errors = new()
    {
        { HttpStatusCode.NotFound, "unknown route" },
        { HttpStatusCode.NotFound, "unknown user id" },
        { HttpStatusCode.MethodNotAllowed, "wrong verb" },
        { HttpStatusCode.Unauthorized, "no token" },
        { HttpStatusCode.Unauthorized, "wrong password" },
        { HttpStatusCode.BadRequest, "malformed JSON" },
        { HttpStatusCode.BadRequest, "bad username" },
        { HttpStatusCode.Conflict, "taken username" },
        { HttpStatusCode.RequestEntityTooLarge, "body over 64 KiB" },
        { HttpStatusCode.UnsupportedMediaType, "form body" },
        { HttpStatusCode.TooManyRequests, "login limit per address" },
        { HttpStatusCode.TooManyRequests, "send budget" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task EveryErrorIsTheSameProblemJsonWhateverTheAcceptHeader(HttpStatusCode status, string error)
    {
        // Limits of one for the 429s (the first request passes, every later one is refused); off otherwise.
        var limited = status == HttpStatusCode.TooManyRequests;
        await using var app = new ChatAppFactory(settings: new Dictionary<string, string?>
        {
            ["Auth:BcryptWorkFactor"] = "4",
            ["RateLimits:Enabled"] = limited ? "true" : "false",
            ["RateLimits:LoginsPerMinutePerAddress"] = "1",
            ["RateLimits:MessageBurst"] = "1",
            ["RateLimits:MessagesPerMinute"] = "1",
        });
        var ada = await app.CreateUserAsync("ada");
        var client = app.ClientFor(ada);
        var request = Request(error, ada.Id);
        if (limited)
            Assert.True((await client.SendAsync(request())).StatusCode is HttpStatusCode.Created or HttpStatusCode.Unauthorized);

        var plain = (await (await client.SendAsync(request())).IsProblemAsync(status)).WithoutTraceId();

        foreach (var accept in Accepts)
        {
            var message = request();
            message.Headers.Accept.ParseAdd(accept);
            var response = await client.SendAsync(message);

            var problem = (await response.IsProblemAsync(status)).WithoutTraceId();
            Assert.True(JToken.DeepEquals(plain, problem), $"Accept: {accept} gave {problem}, not {plain}");
        }
    }

    static Func<HttpRequestMessage> Request(string error, int userId) => error switch
    {
        "unknown route" => () => new(HttpMethod.Get, "/no/such/route"),
        "unknown user id" => () => new(HttpMethod.Get, $"/message/{userId + 1000}"),
        "wrong verb" => () => new(HttpMethod.Delete, "/chats"),
        // The client's bearer token is overridden by an empty Authorization on this one request.
        "no token" => () => new(HttpMethod.Get, "/user") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer") } },
        "wrong password" => () => Json(HttpMethod.Post, "/login", """{"username":"ada","password":"wrong password"}"""),
        "malformed JSON" => () => Json(HttpMethod.Post, "/user", """{"username": "bob", """),
        "bad username" => () => Json(HttpMethod.Post, "/user", """{"username":"b c","password":"password1"}"""),
        "taken username" => () => Json(HttpMethod.Post, "/user", """{"username":"ADA","password":"password1"}"""),
        "body over 64 KiB" => () => Json(HttpMethod.Post, $"/message/{userId}", $$"""{"body":"{{new string('a', 70_000)}}"}"""),
        "form body" => () => new(HttpMethod.Post, "/user")
        {
            Content = new StringContent("username=bob&password=password1", Encoding.UTF8, "application/x-www-form-urlencoded"),
        },
        "login limit per address" => () => Json(HttpMethod.Post, "/login", """{"username":"bob","password":"wrong password"}"""),
        "send budget" => () => Json(HttpMethod.Post, $"/message/{userId}", """{"body":"hello"}"""),
        _ => throw new ArgumentOutOfRangeException(nameof(error), error),
    };

    static HttpRequestMessage Json(HttpMethod method, string path, string body) =>
        new(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
