using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ChatApp.Bench.Infrastructure;
using ChatApp.Bench.Reporting;

namespace ChatApp.Bench.Scenarios;

/// <summary>
/// What a browser downloads the first time it opens the web client, counted on the wire: <c>GET /app</c>
/// with <c>Accept-Encoding: br, gzip</c> and no decompression in the client, then every same-origin file the
/// page references (stylesheets, icons, scripts, a manifest, preloads), and what those reference in turn
/// (<c>url()</c>/<c>@import</c> in CSS, a manifest's icons). Bodies only (as sent: compressed), not headers.
/// app.js fetches nothing static at start-up (only API routes and the hub), so nothing of it is added.
/// </summary>
public static partial class WebFirstLoadScenario
{
    const double Kb = 1024;

    public static async Task RunAsync(BenchContext ctx)
    {
        await using var server = await ChildServer.StartChatAppAsync(ctx.NewDbPath("web-first-load"));
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false })
        {
            BaseAddress = server.BaseAddress,
        };
        var fetched = new List<(string Path, long Wire, long Identity, string Encoding)>();
        var queue = new Queue<Uri>([new Uri(server.BaseAddress, "/app")]);
        var seen = new HashSet<string>();
        while (queue.TryDequeue(out var uri))
        {
            if (!seen.Add(uri.PathAndQuery))
                continue;
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
            using var response = await http.SendAsync(request);
            var wire = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"GET {uri.PathAndQuery}: {(int)response.StatusCode}");
            var encoding = string.Join(',', response.Content.Headers.ContentEncoding);
            var identity = Decode(wire, encoding);
            fetched.Add((uri.AbsolutePath, wire.Length, identity.Length, encoding.Length == 0 ? "identity" : encoding));
            var type = response.Content.Headers.ContentType?.MediaType ?? "";
            foreach (var reference in References(type, Encoding.UTF8.GetString(identity)))
                if (new Uri(uri, reference) is var target
                    && target.Scheme == server.BaseAddress.Scheme && target.Authority == server.BaseAddress.Authority)
                    queue.Enqueue(target);
        }

        var total = fetched.Sum(f => f.Wire) / Kb;
        ctx.Report.Add(new ResultRow("web-first-load", "GET /app and the files it loads (br, gzip)")
        {
            Figures = new()
            {
                ["compressed KB"] = total,
                ["uncompressed KB"] = fetched.Sum(f => f.Identity) / Kb,
                ["files"] = fetched.Count,
            },
            Note = "bodies on the wire (KB = 1,024 bytes), headers not counted: "
                + string.Join(", ", fetched.Select(f => string.Create(CultureInfo.InvariantCulture,
                    $"{f.Path} {f.Wire / Kb:0.0} KB {f.Encoding} ({f.Identity / Kb:0.0} KB)")))
                + "; app.js fetches only API routes and the hub at start-up (not static, not counted)",
            Target = "≤ 150 KB compressed",
            TargetMet = total <= 150,
        });
        foreach (var f in fetched)
            Console.WriteLine($"    {f.Path}: {f.Wire:N0} bytes {f.Encoding} ({f.Identity:N0} bytes decoded)");
    }

    static byte[] Decode(byte[] wire, string encoding)
    {
        if (encoding.Length == 0 || encoding == "identity")
            return wire;
        using var input = new MemoryStream(wire);
        using Stream decoder = encoding switch
        {
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            _ => throw new InvalidOperationException($"unexpected Content-Encoding {encoding}"),
        };
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>The URLs a file makes the browser load by itself (not links a user would follow).</summary>
    static IEnumerable<string> References(string mediaType, string text) => mediaType switch
    {
        "text/html" => HtmlTag().Matches(text).Cast<Match>()
            .Where(m => m.Groups["tag"].Value.ToLowerInvariant() != "link" || Loaded(Attribute(m.Value, "rel")))
            .Select(m => Attribute(m.Value, m.Groups["tag"].Value.ToLowerInvariant() == "link" ? "href" : "src"))
            .OfType<string>(),
        "text/css" => CssUrl().Matches(text).Select(m => m.Groups["url"].Value),
        "application/manifest+json" or "application/json" => ManifestSrc().Matches(text).Select(m => m.Groups["url"].Value),
        _ => [],
    };

    // rel values a browser fetches on load; alternate, canonical, preconnect and the like it does not.
    static bool Loaded(string? rel) =>
        rel is not null && rel.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(r => r is "stylesheet" or "icon" or "apple-touch-icon" or "manifest" or "preload" or "modulepreload");

    static string? Attribute(string tag, string name) =>
        Regex.Match(tag, $@"\s{name}\s*=\s*(?:""(?<v>[^""]*)""|'(?<v>[^']*)'|(?<v>[^\s>]+))", RegexOptions.IgnoreCase) is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups["v"].Value)
            : null;

    [GeneratedRegex(@"<(?<tag>script|link|img|source|audio|video)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"(?:url\(\s*['""]?(?<url>[^'"")\s]+)['""]?\s*\)|@import\s+['""](?<url>[^'""]+)['""])")]
    private static partial Regex CssUrl();

    [GeneratedRegex(@"""src""\s*:\s*""(?<url>[^""]+)""")]
    private static partial Regex ManifestSrc();
}
