using System.Net;
using System.Net.Http.Headers;
using ChatApp.Tests.Infrastructure;
using Snapshooter.Xunit;

namespace ChatApp.Tests.Modules;

/// <summary>The factory runs in Development, the environment of a bare `dotnet run` in an IDE: no stack traces there either.</summary>
public sealed class ErrorResponseTests
{
    [Fact]
    public async Task AnUnknownRouteIsA404Problem()
    {
        await using var app = new ChatAppFactory();

        var response = await app.CreateClient().GetAsync("/no/such/route");

        Snapshot.Match((await response.IsProblemAsync(HttpStatusCode.NotFound)).WithoutTraceId());
    }

    [Fact]
    public async Task AWrongVerbOnAKnownRouteIsA405Problem()
    {
        await using var app = new ChatAppFactory();

        var response = await app.CreateClient().PutAsync("/user", null);

        Snapshot.Match((await response.IsProblemAsync(HttpStatusCode.MethodNotAllowed)).WithoutTraceId());
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIsA415Problem()
    {
        await using var app = new ChatAppFactory();

        var response = await app.CreateClient().PostRawAsync("/user", "username=ada&password=lovelace1815", "application/x-www-form-urlencoded");

        Snapshot.Match((await response.IsProblemAsync(HttpStatusCode.UnsupportedMediaType)).WithoutTraceId());
    }

    [Fact]
    public async Task MalformedJsonIsA400Problem()
    {
        await using var app = new ChatAppFactory();

        var response = await app.CreateClient().PostRawAsync("/user", "{\"username\": \"ada\", ");

        Snapshot.Match((await response.IsProblemAsync(HttpStatusCode.BadRequest)).WithoutTraceId());
    }

    [Fact]
    public async Task AWrongTypeIsA400ProblemNamingTheField()
    {
        await using var app = new ChatAppFactory();

        var response = await app.CreateClient().PostRawAsync("/user", "{\"username\": [\"ada\"], \"password\": \"lovelace1815\"}");

        Snapshot.Match((await response.IsProblemAsync(HttpStatusCode.BadRequest)).WithoutTraceId());
    }

    [Fact]
    public async Task AnUnknownFieldIsA400ProblemNamingTheField()
    {
        await using var app = new ChatAppFactory();

        var response = await app.CreateClient().PostRawAsync("/user", "{\"username\": \"ada\", \"password\": \"lovelace1815\", \"admin\": true}");

        Snapshot.Match((await response.IsProblemAsync(HttpStatusCode.BadRequest)).WithoutTraceId());
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"ada\"")]
    [InlineData("42")]
    public async Task ABodyThatIsNotAJsonObjectIsA400Problem(string body)
    {
        await using var app = new ChatAppFactory();

        var response = await app.CreateClient().PostRawAsync("/user", body);

        await response.IsProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task InvalidUtf8IsA400Problem()
    {
        await using var app = new ChatAppFactory();
        var content = new ByteArrayContent([.. "{\"username\":\"ad"u8, 0xC3, 0x28, .. "a\",\"password\":\"lovelace1815\"}"u8]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await app.CreateClient().PostAsync("/user", content);

        await response.IsProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ABodyOver64KiBIsA413Problem()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");

        var response = await app.ClientFor(ada).PostJsonAsync($"/message/{ada.Id}", new { body = new string('a', 70_000) });

        Snapshot.Match((await response.IsProblemAsync(HttpStatusCode.RequestEntityTooLarge)).WithoutTraceId());
    }
}
