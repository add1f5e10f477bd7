namespace ChatApp.Features.Messages;

/// <summary>Who a message goes to, as the caller named them: by id (<c>/message/{id}</c>) or by username.</summary>
public abstract record Recipient
{
    public sealed record ById(int Id) : Recipient;

    public sealed record ByUsername(string? Username) : Recipient;
}
