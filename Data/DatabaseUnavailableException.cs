namespace ChatApp.Data;

/// <summary>The database cannot be opened: locked by another process, unreadable, or not a LiteDB file. The message is one line for the operator.</summary>
public sealed class DatabaseUnavailableException(string message) : Exception(message);
