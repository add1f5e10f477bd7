using System.Net;
using System.Net.Http.Json;
using Newtonsoft.Json.Linq;

namespace ChatApp.Tests.Infrastructure;

/// <summary>The version 2 messaging routes (lifecycle, read state, settings, feed), as a client calls them.</summary>
public static class MessagingApi
{
    public static Task<HttpResponseMessage> EditAsync(this HttpClient client, int messageId, string body) =>
        client.PatchAsJsonAsync($"/messages/{messageId}", new { body });

    public static Task<HttpResponseMessage> DeleteMessageAsync(this HttpClient client, int messageId) =>
        client.DeleteAsync($"/messages/{messageId}");

    public static Task<HttpResponseMessage> MarkReadAsync(this HttpClient client, int otherId, int upTo) =>
        client.PostAsJsonAsync($"/chats/{otherId}/read", new { up_to = upTo });

    public static Task<HttpResponseMessage> MarkUnreadAsync(this HttpClient client, int otherId, int from) =>
        client.PostAsJsonAsync($"/chats/{otherId}/unread", new { from });

    public static Task<HttpResponseMessage> ChangeSettingsAsync(this HttpClient client, object settings) =>
        client.PatchAsJsonAsync("/user/settings", settings);

    /// <summary>Expects <paramref name="status"/>; a failure shows the body.</summary>
    public static async Task<HttpResponseMessage> Expect(this Task<HttpResponseMessage> sending, HttpStatusCode status)
    {
        var response = await sending;
        if (response.StatusCode != status)
            Assert.Fail($"expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    public static async Task<JArray> ChatsAsync(this HttpClient client) =>
        (JArray)await (await client.GetAsync("/chats").Expect(HttpStatusCode.OK)).ReadWireJsonAsync();

    /// <summary>The caller's <c>/chats</c> row for the conversation with <paramref name="otherId"/>.</summary>
    public static async Task<JToken> ChatWithAsync(this HttpClient client, int otherId) =>
        (await client.ChatsAsync()).Single(c => (int)c["id"]! == otherId);

    public static async Task<JToken> UnreadBadgeAsync(this HttpClient client) =>
        await (await client.GetAsync("/chats/unread").Expect(HttpStatusCode.OK)).ReadWireJsonAsync();

    /// <summary>Every event of the caller's feed after <paramref name="since"/>, following <c>has_more</c>.</summary>
    public static async Task<List<JToken>> SyncAsync(this HttpClient client, int since = 0)
    {
        var events = new List<JToken>();
        while (true)
        {
            var page = await (await client.GetAsync($"/sync?since={since}&limit=1000").Expect(HttpStatusCode.OK)).ReadWireJsonAsync();
            events.AddRange(page["events"]!);
            since = (int)page["next"]!;
            if (!(bool)page["has_more"]!)
                return events;
        }
    }

    public static async Task<int> FeedHeadAsync(this HttpClient client) =>
        (await client.SyncAsync()).Select(e => (int)e["seq"]!).DefaultIfEmpty(0).Max();
}
