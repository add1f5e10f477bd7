namespace ChatApp.Contracts;

// Fields are nullable so that a missing field reaches validation and gets a 400 naming it,
// instead of binding silently as null.
public sealed record CredentialsRequest(string? Username, string? Password);

public sealed record SendMessageRequest(string? Body, string? ClientId = null);

/// <summary>The hub's <c>Send</c>: the recipient by <c>to</c> or by <c>to_username</c>, exactly one of them.</summary>
public sealed record HubSendRequest(int? To, string? ToUsername, string? Body, string? ClientId);

public sealed record EditMessageRequest(string? Body);

public sealed record ReadRequest(int? UpTo);

public sealed record UnreadRequest(int? From);

public sealed record SettingsRequest(bool? ShareReadReceipts, bool? SharePresence);

public sealed record SignUpRequest(string? Username, string? Password, string? InviteCode = null);

public sealed record PasswordChangeRequest(string? CurrentPassword, string? NewPassword);

public sealed record DeleteAccountRequest(string? Password);
