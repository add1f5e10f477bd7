using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using ChatApp.Data.Stores;
using Newtonsoft.Json.Linq;

namespace ChatApp.Tests.Infrastructure;

/// <summary>
/// Accounts made the way clients make them: sign-up and login through the API, so that tokens name a
/// session (TestApi's tokens do not). Use with <see cref="Settings.NoRateLimits"/>, whose BCrypt work
/// factor keeps each login cheap.
/// </summary>
public static class Accounts
{
    public static async Task<int> SignUpAsync(this ChatAppFactory app, string username, string password = TestApi.Password)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/user", new { username, password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (int)(await response.ReadJsonAsync())["id"]!;
    }

    /// <summary>POST /login; the access token, which names a new session.</summary>
    public static async Task<string> LoginAsync(this ChatAppFactory app, string username, string password = TestApi.Password)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/login", new { username, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)(await response.ReadJsonAsync())["access_token"]!;
    }

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, object body) =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });

    public static async Task<JArray> GetArrayAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JArray)await response.ReadJsonAsync();
    }

    /// <summary>
    /// Runs <paramref name="act"/> (which must make the server close <paramref name="connection"/>) and
    /// asserts the client sees the close within <paramref name="limit"/> of the act's answer.
    /// </summary>
    public static async Task AssertClosesWithinAsync(this HubConnection connection, TimeSpan limit, Func<Task> act)
    {
        var closed = connection.ClosedAsync();
        await act();
        var first = await Task.WhenAny(closed, Task.Delay(limit));
        Assert.True(first == closed, $"the hub connection was still open {limit.TotalMilliseconds} ms after the request was answered");
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    /// <summary>The events of the caller's feed (GET /sync from 0).</summary>
    public static async Task<JArray> FeedAsync(this HttpClient client) =>
        (JArray)(await (await client.GetAsync("/sync?limit=1000")).ReadJsonAsync())["events"]!;

    /// <summary>Stores users with these names in one write (as seeding does): thousands in a blink.</summary>
    public static async Task AddUsersAsync(this ChatAppFactory app, IEnumerable<string> names)
    {
        var list = names.ToList();
        var next = 0;
        // The store asks for one name per user (attempt 0 only), in order, on its writer thread.
        await app.Service<UserStore>().CreateManyAsync(Enumerable.Repeat(0L, list.Count), _ => list[next++], "not-a-hash", maxAttempts: 1);
    }
}
