using System.Buffers;
using System.Text.Json;
using ChatApp.Contracts;
using ChatApp.Data;
using ChatApp.Data.Stores;

namespace ChatApp.Features.Accounts;

/// <summary>
/// A user's data as one JSON document, written as it is read: conversations one at a time, messages in
/// pages, each page flushed to the client, so memory stays flat whatever the size of the history.
/// </summary>
public sealed class ExportService(UserStore users, UserStateStore states, BlockStore blocks, AccountStore accounts, TimeProvider clock)
{
    const int PageSize = 500;
    static readonly JsonSerializerOptions Json = JsonSetup.Create();

    public string FileName(int userId) => $"chatapp-export-{users.FindById(userId)?.Username ?? userId.ToString()}.json";

    public async Task WriteAsync(int userId, Stream output, CancellationToken cancellation)
    {
        var user = users.FindById(userId)!;
        // Written to a buffer and copied out page by page: the response stream takes only asynchronous writes.
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        await using var json = new Utf8JsonWriter(buffer);
        json.WriteStartObject();
        Write(json, "user", UserResponse.Of(user));
        Write(json, "exported_at", clock.GetUtcNow().UtcDateTime);
        var state = states.Get(userId);
        Write(json, "settings", new SettingsResponse(state.ShareReadReceipts, state.SharePresence));
        Write(json, "blocks", blocks.BlockedBy(userId).Select(users.FindById).OfType<UserDocument>().Select(UserResponse.Of).ToList());
        json.WriteStartArray("conversations");
        foreach (var chat in accounts.Conversations(userId).OrderBy(c => c.OtherId))
        {
            json.WriteStartObject();
            Write(json, "with", users.FindById(chat.OtherId) is { } other ? UserResponse.Of(other) : null);
            json.WriteStartArray("messages");
            MessageDocument? last = null;
            while (accounts.MessagesPage(userId, chat.OtherId, last, PageSize) is { Count: > 0 } page)
            {
                foreach (var message in page)
                    JsonSerializer.Serialize(json, MessageResponse.Of(message), Json);
                last = page[^1];
                await CopyOutAsync(json, buffer, output, cancellation);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await CopyOutAsync(json, buffer, output, cancellation);
    }

    static async Task CopyOutAsync(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, Stream output, CancellationToken cancellation)
    {
        json.Flush();
        await output.WriteAsync(buffer.WrittenMemory, cancellation);
        await output.FlushAsync(cancellation);
        buffer.ResetWrittenCount();
    }

    static void Write<T>(Utf8JsonWriter json, string name, T value)
    {
        json.WritePropertyName(name);
        JsonSerializer.Serialize(json, value, Json);
    }
}
