using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ChatApp.Bench.Infrastructure;

public sealed record BenchUser(int Id, string Username, string Token);

/// <summary>The few ChatApp routes the bench calls, over one pooled HttpClient.</summary>
public sealed class ApiClient : IDisposable
{
    public const string Password = "bench-password";

    readonly HttpClient _http;

    public ApiClient(Uri baseAddress, int connections = 256)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
        })
        { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public static ByteArrayContent Json(string json)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>Sends and reads the whole body; the status is the result.</summary>
    public async Task<HttpStatusCode> SendAsync(HttpMethod method, string path, string? token, byte[]? jsonBody = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }
        using var response = await _http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response.StatusCode;
    }

    /// <summary>A GET whose whole body is read into memory; the caller decides what a status means.</summary>
    public async Task<(HttpStatusCode Status, byte[] Body)> GetBytesAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, string? token, string? jsonBody, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (jsonBody is not null)
            request.Content = Json(jsonBody);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<int> CreateUserAsync(string username, string password = Password) =>
        (await JsonAsync(HttpMethod.Post, "/user", null,
            JsonSerializer.Serialize(new { username, password }), HttpStatusCode.Created)).GetProperty("id").GetInt32();

    public async Task<string> LoginAsync(string username, string password = Password) =>
        (await JsonAsync(HttpMethod.Post, "/login", null,
            JsonSerializer.Serialize(new { username, password }), HttpStatusCode.OK)).GetProperty("access_token").GetString()!;

    public async Task<int> CurrentUserIdAsync(string token) =>
        (await JsonAsync(HttpMethod.Get, "/user", token, null, HttpStatusCode.OK)).GetProperty("id").GetInt32();

    /// <summary>Signs up and logs in <paramref name="count"/> users, a few at a time (setup, not measured).</summary>
    public async Task<BenchUser[]> CreateUsersAsync(string prefix, int count, int parallel = 16)
    {
        var users = new BenchUser[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
        {
            var name = $"{prefix}{i:d5}";
            var id = await CreateUserAsync(name);
            users[i] = new BenchUser(id, name, await LoginAsync(name));
        });
        return users;
    }

    public void Dispose() => _http.Dispose();
}
