using ChatApp.Hosting.Cors;
using System.ComponentModel.DataAnnotations;
using System.Net;
using ChatApp.Hosting;
using ChatApp.Tests.Infrastructure;

namespace ChatApp.Tests.Hosting;

public sealed class CorsTests
{
    const string Frontend = "http://localhost:3000";
    const string OtherFrontend = "https://chat.example";

    static ChatAppFactory WithOrigins(string? origins) =>
        new(settings: new Dictionary<string, string?> { ["Cors:Origins"] = origins });

    [Theory]
    [InlineData(Frontend)]
    [InlineData(OtherFrontend)]
    public async Task AListedOriginMayNegotiateWithTheHubWithCredentials(string origin)
    {
        await using var app = WithOrigins($"{Frontend}, {OtherFrontend}");

        // The preflight a browser sends before @microsoft/signalr's negotiate POST.
        var preflight = await app.CreateClient().SendAsync(Preflight("/hubs/chat/negotiate?negotiateVersion=1", origin, "POST",
            "authorization,content-type,x-requested-with,x-signalr-user-agent"));

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(origin, Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(preflight, "Access-Control-Allow-Credentials"));
        Assert.Contains("POST", Header(preflight, "Access-Control-Allow-Methods"));
        Assert.Contains("x-signalr-user-agent", Header(preflight, "Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task AListedOriginCanReadRestAnswersErrorsIncluded()
    {
        await using var app = WithOrigins(Frontend);
        var ada = await app.CreateUserAsync("ada");
        var client = app.CreateClient();

        var preflight = await client.SendAsync(Preflight("/message/1", Frontend, "POST", "authorization,content-type"));
        var ok = await Send(app.ClientFor(ada), HttpMethod.Get, "/user", Frontend);
        var unauthorized = await Send(client, HttpMethod.Get, "/user", Frontend);

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(Frontend, Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(Frontend, Header(ok, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(ok, "Access-Control-Allow-Credentials"));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(Frontend, Header(unauthorized, "Access-Control-Allow-Origin"));
        Assert.Contains("WWW-Authenticate", Header(unauthorized, "Access-Control-Expose-Headers"));
    }

    [Theory]
    [InlineData("http://localhost:3000", "http://evil.example")]
    [InlineData("http://localhost:3000", "http://localhost:3001")]
    [InlineData("http://localhost:3000", "https://localhost:3000")]
    [InlineData(null, "http://localhost:3000")]
    [InlineData("", "http://localhost:3000")]
    public async Task AnyOtherOriginGetsNoCrossOriginAccess(string? allowed, string origin)
    {
        await using var app = WithOrigins(allowed);
        var ada = await app.CreateUserAsync("ada");

        var preflight = await app.CreateClient().SendAsync(Preflight("/hubs/chat/negotiate?negotiateVersion=1", origin, "POST", "authorization"));
        var get = await Send(app.ClientFor(ada), HttpMethod.Get, "/user", origin);

        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Null(Header(preflight, "Access-Control-Allow-Credentials"));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Null(Header(get, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("*", "'*' is not allowed")]
    [InlineData("localhost:3000", "is not an http:// or https:// origin")]
    [InlineData("ftp://files.example", "is not an http:// or https:// origin")]
    [InlineData("http://localhost:3000/", "no trailing '/'")]
    [InlineData("https://chat.example/app", "no path")]
    public void AnOriginThatNoBrowserSendsIsAConfigurationError(string origins, string error)
    {
        var options = new CrossOriginOptions { Origins = $"http://ok.example,{origins}" };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));

        var result = Assert.Single(results);
        Assert.StartsWith("Cors:Origins (SOCKETIO_CORS): ", result.ErrorMessage);
        Assert.Contains(error, result.ErrorMessage);
    }

    [Fact]
    public void OriginsAreACommaSeparatedListWithSpacesAllowed()
    {
        var options = new CrossOriginOptions { Origins = " http://localhost:3000 ,https://chat.example,, " };

        Assert.Equal(["http://localhost:3000", "https://chat.example"], options.OriginList());
        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    static HttpRequestMessage Preflight(string path, string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string origin)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Origin", origin);
        return client.SendAsync(request);
    }

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
