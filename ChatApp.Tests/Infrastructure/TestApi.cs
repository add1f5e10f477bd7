using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Features.Auth;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ChatApp.Tests.Infrastructure;

/// <summary>Shortcuts for tests: users stored directly, tokens minted by the app's own issuer.</summary>
public static class TestApi
{
    public const string Password = "correct horse battery";

    // Hashed once at the production work factor: sign-up and login tests pay for BCrypt, others do not.
    static readonly Lazy<string> PasswordHash = new(() => BCrypt.Net.BCrypt.EnhancedHashPassword(Password, 11));

    public static async Task<UserDocument> CreateUserAsync(this ChatAppFactory app, string username) =>
        await app.Service<UserStore>().CreateAsync(username, PasswordHash.Value)
            ?? throw new InvalidOperationException($"user {username} exists");

    public static string TokenFor(this ChatAppFactory app, UserDocument user) =>
        app.Service<TokenIssuer>().Issue(user).AccessToken;

    public static HttpClient ClientFor(this ChatAppFactory app, UserDocument user) => app.ClientWithToken(app.TokenFor(user));

    public static HttpClient ClientWithToken(this ChatAppFactory app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string body,
        string contentType = "application/json") =>
        client.PostAsync(path, new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType)));

    public static async Task<JToken> ReadJsonAsync(this HttpResponseMessage response) =>
        ParseWire(await response.Content.ReadAsStringAsync());

    /// <summary>Parses JSON keeping strings as sent: Newtonsoft would otherwise re-format dates.</summary>
    public static JToken ParseWire(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
        return JToken.ReadFrom(reader);
    }

    public static async Task<JToken> SendMessageAsync(this HttpClient client, int to, string body)
    {
        var response = await client.PostAsJsonAsync($"/message/{to}", new { body });
        response.EnsureSuccessStatusCode();
        return await response.ReadJsonAsync();
    }
}
