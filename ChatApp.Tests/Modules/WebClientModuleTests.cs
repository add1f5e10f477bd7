using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ChatApp.Tests.Infrastructure;

namespace ChatApp.Tests.Modules;

public sealed class WebClientModuleTests
{
    static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? acceptEncoding = null, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        if (ifNoneMatch is not null)
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task AppServesThePageWithAStrictContentSecurityPolicy()
    {
        await using var app = new ChatAppFactory();

        var response = await GetAsync(app.CreateClient(), "/app");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        foreach (var directive in new[] { "default-src 'self'", "script-src 'self';", "style-src 'self';", "img-src 'self' data:",
                     "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'" })
            Assert.Contains(directive, csp);
        Assert.DoesNotContain("unsafe", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>ChatApp</title>", html);
        Assert.DoesNotMatch(new Regex("<script>|<script(?![^>]*src=)|style="), html);
    }

    [Fact]
    public async Task ThePageNamesEachAssetByItsHashAndThoseAreCachedForever()
    {
        await using var app = new ChatAppFactory();
        var client = app.CreateClient();
        var html = await (await GetAsync(client, "/app")).Content.ReadAsStringAsync();

        var assets = Regex.Matches(html, "\"(/app/[^\"?]+\\?v=[0-9a-f]{16})\"").Select(m => m.Groups[1].Value).ToList();

        Assert.Contains(assets, a => a.StartsWith("/app/app.js?v=", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("/app/vendor/signalr.min.js?v=", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            var response = await GetAsync(client, asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
        }
        var unversioned = await GetAsync(client, "/app/app.js");
        Assert.True(unversioned.Headers.CacheControl?.NoCache);
        Assert.Equal("text/javascript", unversioned.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AMatchingIfNoneMatchGets304WithoutABody()
    {
        await using var app = new ChatAppFactory();
        var client = app.CreateClient();
        var first = await GetAsync(client, "/app");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);

        var again = await GetAsync(client, "/app", ifNoneMatch: etag.Tag);
        var changed = await GetAsync(client, "/app", ifNoneMatch: "\"something-else\"");

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, again.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("br;q=0, gzip", "gzip")]
    public async Task CompressedVariantsFollowAcceptEncodingAndDecodeToTheSameBytes(string acceptEncoding, string expected)
    {
        await using var app = new ChatAppFactory();
        var client = app.CreateClient();
        var plain = await GetAsync(client, "/app/app.js");
        var identity = await plain.Content.ReadAsByteArrayAsync();

        var response = await GetAsync(client, "/app/app.js", acceptEncoding);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentEncoding.Single());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.NotEqual(plain.Headers.ETag, response.Headers.ETag);
        var encoded = await response.Content.ReadAsByteArrayAsync();
        Assert.True(encoded.Length < identity.Length / 2, $"{encoded.Length} of {identity.Length} bytes");
        Assert.Equal(Encoding.UTF8.GetString(identity), Encoding.UTF8.GetString(Decode(encoded, expected)));
        Assert.Empty(plain.Content.Headers.ContentEncoding);
    }

    static byte[] Decode(byte[] bytes, string encoding)
    {
        using var input = new MemoryStream(bytes);
        using Stream decoder = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    [Theory]
    [InlineData("/app/no-such-file.js")]
    [InlineData("/app/../appsettings.json")]
    [InlineData("/app/test/package.json")]
    public async Task AnUnknownAssetIsA404Problem(string path)
    {
        await using var app = new ChatAppFactory();

        var response = await GetAsync(app.CreateClient(), path);

        await response.IsProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OtherRoutesKeepTheirProblemJsonErrors()
    {
        await using var app = new ChatAppFactory();
        var client = app.CreateClient();

        await (await client.GetAsync("/no-such-route")).IsProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync("/app", null)).IsProblemAsync(HttpStatusCode.MethodNotAllowed);
        var chats = await client.GetAsync("/chats");
        await chats.IsProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False(chats.Headers.Contains("Content-Security-Policy"));
    }
}
