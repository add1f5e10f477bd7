using ChatApp.Contracts;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Features.Realtime;
using ChatApp.Features.Users;

namespace ChatApp.Features.Messages;

/// <summary>
/// The one way a message enters ChatApp, from REST or the hub alike: check it, store it durably, then
/// push it to every open connection of both participants.
/// </summary>
public sealed class MessageService(UserStore users, MessageStore messages, SendBudget budget, IRealtime realtime)
{
    // The body is checked before the recipient, on every transport.
    public async Task<Outcome<MessageResponse>> SendAsync(int callerId, Recipient to, string? body)
    {
        if (Validation.BodyError(body) is { } error)
            return Failure.Invalid("body", error);
        if (Find(to) is not { } recipient)
            return Unknown(to);
        if (users.FindById(callerId) is not { } author)
            return Failure.Unauthorized(UserService.MissingCaller);
        if (budget.TryTake(author.Id) is { } limited)
            return limited;
        var message = MessageResponse.Of(await messages.AddAsync(author, recipient, body!));
        await realtime.MessageCreatedAsync(new(author.Id, author.Username), new(recipient.Id, recipient.Username), message);
        return message;
    }

    /// <summary>Messages between the caller and user <paramref name="otherId"/>, newest first.</summary>
    public Outcome<List<MessageResponse>> History(int callerId, int otherId, string? limit, string? before)
    {
        if (users.FindById(otherId) is null)
            return Unknown(new Recipient.ById(otherId));
        var page = HistoryPage.Parse(limit, before, callerId, otherId, messages);
        if (page.Failure is { } invalid)
            return invalid;
        return messages.Conversation(callerId, otherId, page.Value.Limit, page.Value.Before).ConvertAll(MessageResponse.Of);
    }

    UserDocument? Find(Recipient to) => to switch
    {
        Recipient.ById byId => users.FindById(byId.Id),
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
