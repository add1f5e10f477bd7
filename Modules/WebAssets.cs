using System.Collections.Frozen;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace ChatApp.Modules;

/// <summary>One file of the web client, as served: the bytes and their gzip and brotli variants.</summary>
public sealed record WebAsset(string Name, string ContentType, string Hash, byte[] Identity, byte[]? Gzip, byte[]? Brotli);

/// <summary>
/// The web client's files, read once from the assembly's embedded resources (the csproj embeds
/// <c>web/**</c>), so the single-file executable and <c>dotnet run</c> serve the same bytes with no
/// file system and no Node. Each file is compressed once here, not per request.
/// </summary>
public sealed class WebAssets
{
    public const string Index = "index.html";
    const string Prefix = "web/";

    readonly FrozenDictionary<string, WebAsset> _files;

    WebAssets(FrozenDictionary<string, WebAsset> files) => _files = files;

    public static WebAssets Load()
    {
        var assembly = typeof(WebAssets).Assembly;
        var raw = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            // RecursiveDir spells folders with '\' when the assembly is built on Windows.
            var name = resource.Replace('\\', '/');
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
                continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            raw[name[Prefix.Length..]] = copy.ToArray();
        }
        if (!raw.TryGetValue(Index, out var index))
            throw new InvalidOperationException($"the web client's {Index} is not embedded in the assembly");

        var files = raw.Where(f => f.Key != Index).Select(f => Build(f.Key, f.Value)).ToList();
        // The page names each file with its content hash (?v=…), so a browser may keep the files forever
        // and only revalidates the page itself: a new build changes the page, which names new files.
        var page = Encoding.UTF8.GetString(index);
        foreach (var file in files)
            page = page.Replace($"\"/app/{file.Name}\"", $"\"/app/{file.Name}?v={file.Hash}\"", StringComparison.Ordinal);
        files.Add(Build(Index, Encoding.UTF8.GetBytes(page)));
        return new WebAssets(files.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal));
    }

    public WebAsset? Find(string name) => _files.GetValueOrDefault(name);

    public IEnumerable<WebAsset> All => _files.Values;

    static WebAsset Build(string name, byte[] bytes)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        return new WebAsset(name, ContentTypeOf(name), hash, bytes,
            SmallerOrNull(bytes, Compress(bytes, s => new GZipStream(s, CompressionLevel.SmallestSize))),
            SmallerOrNull(bytes, Compress(bytes, s => new BrotliStream(s, CompressionLevel.SmallestSize))));
    }

    static byte[] Compress(byte[] bytes, Func<Stream, Stream> encoder)
    {
        using var output = new MemoryStream();
        using (var stream = encoder(output))
            stream.Write(bytes);
        return output.ToArray();
    }

    static byte[]? SmallerOrNull(byte[] identity, byte[] compressed) => compressed.Length < identity.Length ? compressed : null;

    static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".json" => "application/json",
        ".webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    };
}
