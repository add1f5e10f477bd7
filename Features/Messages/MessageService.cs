using ChatApp.Contracts;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Features.Blocks;
using ChatApp.Features.Realtime;
using ChatApp.Features.Users;

namespace ChatApp.Features.Messages;

/// <summary>
/// The one way a message enters ChatApp, from REST or the hub alike: check it, store it durably (once per
/// client id), then push it to every version-1 connection of both participants. Feeds are written with the
/// message and reach resumed connections through <c>LiveFeed</c>.
/// </summary>
public sealed class MessageService(UserStore users, MessageStore messages, SendBudget budget, BlockService blocks, IRealtime realtime)
{
    // The body is checked before the recipient, on every transport.
    public async Task<Outcome<SentMessage>> SendAsync(int callerId, Recipient to, string? body, string? clientId = null)
    {
        if (Validation.BodyError(body) is { } error)
            return Failure.Invalid("body", error);
        if (Validation.ClientIdError(clientId) is { } badClientId)
            return Failure.Invalid("client_id", badClientId);
        if (Find(to) is not { } recipient)
            return Unknown(to);
        if (users.FindById(callerId) is not { } author)
            return Failure.Unauthorized(UserService.MissingCaller);
        // A retry is answered before the send budget: repeating a send costs nothing.
        if (clientId is not null && messages.FindByClientId(author.Id, clientId) is { } earlier)
            return Replay(earlier, recipient, body!, clientId);
        if (blocks.EitherBlocks(author.Id, recipient.Id))
            return new Failure(FailureKind.Forbidden, BlockService.Refusal);
        if (budget.TryTake(author.Id) is { } limited)
            return limited;
        var stored = await messages.AddAsync(author, recipient, body!, clientId);
        if (stored.Replayed)
            return Replay(stored.Message, recipient, body!, clientId!);
        var message = MessageResponse.Of(stored.Message);
        await realtime.MessageCreatedAsync(new(author.Id, author.Username), new(recipient.Id, recipient.Username), message);
        return new SentMessage(message, Replayed: false);
    }

    static Outcome<SentMessage> Replay(MessageDocument original, UserDocument recipient, string body, string clientId) =>
        original.To == recipient.Id && original.Body == body && !original.Deleted
            ? new SentMessage(MessageResponse.Of(original), Replayed: true)
            : Failure.Conflict($"client_id '{clientId}' was already used for another message");

    /// <summary>Messages between the caller and user <paramref name="otherId"/>, newest first, paged as asked.</summary>
    public Outcome<History> History(int callerId, int otherId, string? limit, string? before, string? after = null, string? around = null)
    {
        if (users.FindById(otherId) is null)
            return Unknown(new Recipient.ById(otherId));
        var query = HistoryQuery.Parse(limit, before, after, around, callerId, otherId, messages);
        if (query.Failure is { } invalid)
            return invalid;
        var page = HistoryReader.Read(messages, callerId, otherId, query.Value!);
        return new History(page.Messages.ConvertAll(MessageResponse.Of), page.Limit, page.Older, page.Newer);
    }

    UserDocument? Find(Recipient to) => to switch
    {
        // A deleted account takes no messages; its history with others stays readable.
        Recipient.ById byId => users.FindById(byId.Id) is { Deleted: false } user ? user : null,
        Recipient.ByUsername { Username: { } name } => users.FindByUsername(name),
        _ => null,
    };

    static Failure Unknown(Recipient to) => to switch
    {
        Recipient.ById byId => Failure.NotFound($"user {byId.Id} does not exist"),
        Recipient.ByUsername byName => Failure.NotFound($"no user is named '{byName.Username}'"),
        _ => throw new ArgumentOutOfRangeException(nameof(to)),
    };
}

/// <summary>A sent message, and whether it is the one an earlier send with the same client id created.</summary>
public sealed record SentMessage(MessageResponse Message, bool Replayed);

/// <summary>History, newest first; for a page, its limit and the anchors of the older and newer pages (e.g. <c>before=41</c>).</summary>
public sealed record History(List<MessageResponse> Messages, int? Limit, string? Older, string? Newer);
