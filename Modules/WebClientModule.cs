using System.Text.RegularExpressions;
using Carter;
using ChatApp.Modules.Errors;
using Microsoft.Net.Http.Headers;

namespace ChatApp.Modules;

/// <summary>
/// The built-in web client: <c>GET /app</c> is its page, <c>GET /app/{asset}</c> its files, all from
/// the binary (<see cref="WebAssets"/>). Every answer carries a strict Content-Security-Policy; the
/// client speaks only the public API, so it needs nothing but its own origin.
/// </summary>
public sealed partial class WebClientModule : ICarterModule
{
    public const string Path = "/app";
    const string Immutable = "public, max-age=31536000, immutable";
    const string Revalidate = "no-cache";

    // Read and compressed once, at start-up (off the request path), the first time it is needed.
    static readonly Lazy<WebAssets> Assets = new(WebAssets.Load);

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        _ = Task.Run(() => Assets.Value);
        // Not part of the API: kept out of the OpenAPI document, which lists the contract's routes only.
        var web = app.MapGroup(Path).ExcludeFromDescription();
        web.MapMethods("", [HttpMethods.Get, HttpMethods.Head], (HttpContext http) => Serve(http, WebAssets.Index));
        web.MapMethods("/{*asset}", [HttpMethods.Get, HttpMethods.Head],
            (HttpContext http, string? asset) => Serve(http, string.IsNullOrEmpty(asset) ? WebAssets.Index : asset));
    }

    static async Task Serve(HttpContext http, string name)
    {
        SecurityHeaders(http);
        if (Assets.Value.Find(name) is not { } asset)
        {
            await Problems.WriteAsync(http, StatusCodes.Status404NotFound, $"the web client has no file '{name}'");
            return;
        }

        var (encoding, bytes) = Choose(http.Request, asset);
        var headers = http.Response.Headers;
        var etag = encoding is null ? $"\"{asset.Hash}\"" : $"\"{asset.Hash}-{encoding}\"";
        headers.ETag = etag;
        headers.Vary = HeaderNames.AcceptEncoding;
        headers.CacheControl = name != WebAssets.Index && http.Request.Query["v"] == asset.Hash ? Immutable : Revalidate;
        if (Matches(http.Request.Headers.IfNoneMatch, etag))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        http.Response.ContentType = asset.ContentType;
        if (encoding is not null)
            headers.ContentEncoding = encoding;
        http.Response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
            await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }

    static (string? Encoding, byte[] Bytes) Choose(HttpRequest request, WebAsset asset)
    {
        var accepted = request.GetTypedHeaders().AcceptEncoding
            .Where(e => e.Quality is not 0)
            .Select(e => e.Value.Value?.ToLowerInvariant())
            .ToHashSet();
        if (asset.Brotli is { } br && (accepted.Contains("br") || accepted.Contains("*")))
            return ("br", br);
        if (asset.Gzip is { } gzip && accepted.Contains("gzip"))
            return ("gzip", gzip);
        return (null, asset.Identity);
    }

    // If-None-Match compares weakly (RFC 9110 13.1.2): a W/ prefix still matches.
    static bool Matches(string? ifNoneMatch, string etag) =>
        !string.IsNullOrEmpty(ifNoneMatch)
        && ifNoneMatch.Split(',', StringSplitOptions.TrimEntries)
            .Any(t => t == "*" || (t.StartsWith("W/", StringComparison.Ordinal) ? t[2..] : t) == etag);

    static void SecurityHeaders(HttpContext http)
    {
        // 'self' already covers ws(s) to the same host in CSP 3; the explicit sources serve older browsers.
        // The host is echoed only when it is a plain host[:port], so a request cannot inject a directive.
        var host = http.Request.Host.Value;
        var sockets = host is not null && PlainHost().IsMatch(host) ? $" ws://{host} wss://{host}" : "";
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy =
            $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'{sockets}; " +
            "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
    }

    [GeneratedRegex(@"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")]
    private static partial Regex PlainHost();
}
