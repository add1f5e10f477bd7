namespace ChatApp.Contracts;

// Fields are nullable so that a missing field reaches validation and gets a 400 naming it,
// instead of binding silently as null.
public sealed record CredentialsRequest(string? Username, string? Password);

public sealed record SendMessageRequest(string? Body);
