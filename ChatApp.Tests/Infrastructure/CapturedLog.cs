using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ChatApp.Tests.Infrastructure;

/// <summary>Every log entry the app writes, for asserting on logs (what they say, and what they must never say).</summary>
public sealed class CapturedLog : ILoggerProvider
{
    readonly ConcurrentQueue<Entry> _entries = new();

    /// <summary>Each entry as "Category: message exception", as a plain console sink would print it.</summary>
    public IReadOnlyList<string> Lines => [.. _entries.Select(e => e.Line)];

    /// <summary>Each entry with its message, structured values, scopes and exception: whatever any sink could write.</summary>
    public IReadOnlyList<Entry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose() { }

    public sealed record Entry(string Category, string Line, string Everything);

    sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            entries.Enqueue(new Entry(category, $"{category}: scope", $"{category} scope: {state}"));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : "";
            entries.Enqueue(new Entry(category, $"{category}: {message} {exception}",
                $"{logLevel} {category}: {message} [{values}] {exception}"));
        }
    }
}
