using ChatApp.Contracts;
using ChatApp.Data;
using ChatApp.Data.Stores;

namespace ChatApp.Features.Messages;

/// <summary>
/// One message after it is sent: read it, edit it, delete it. Only its two participants see it (404 for
/// anyone else, so nothing tells a stranger it exists); only its author changes it. Both participants
/// learn of a change through their feeds.
/// </summary>
public sealed class MessageLifecycle(MessageStore messages)
{
    public Outcome<MessageResponse> Get(int callerId, int messageId) =>
        Visible(callerId, messageId) is { } message ? MessageResponse.Of(message) : NotFound(messageId);

    public async Task<Outcome<MessageResponse>> EditAsync(int callerId, int messageId, string? body)
    {
        if (Visible(callerId, messageId) is not { } message)
            return NotFound(messageId);
        if (message.From != callerId)
            return NotTheAuthor("edit");
        if (message.Deleted)
            return Deleted(messageId);
        if (Validation.BodyError(body) is { } error)
            return Failure.Invalid("body", error);
        return await messages.EditAsync(messageId, body!) is { } edited ? MessageResponse.Of(edited) : Deleted(messageId);
    }

    public async Task<Outcome<bool>> DeleteAsync(int callerId, int messageId)
    {
        if (Visible(callerId, messageId) is not { } message)
            return NotFound(messageId);
        if (message.From != callerId)
            return NotTheAuthor("delete");
        // Deleting a tombstone again is a success that changes nothing.
        if (!message.Deleted)
            await messages.DeleteAsync(messageId);
        return true;
    }

    MessageDocument? Visible(int callerId, int messageId) =>
        messages.FindById(messageId) is { } m && (m.From == callerId || m.To == callerId) ? m : null;

    static Failure NotFound(int id) => Failure.NotFound($"message {id} does not exist");

    static Failure NotTheAuthor(string what) => new(FailureKind.Forbidden, $"only the author of a message may {what} it");

    static Failure Deleted(int id) => Failure.Conflict($"message {id} is deleted");
}
