namespace ChatApp.Features;

/// <summary>Why a service refused a request. Each transport maps the kind to its own form (HTTP status, HubException).</summary>
public enum FailureKind { Invalid, Unauthorized, Forbidden, NotFound, Conflict, RateLimited }

/// <summary>A refusal with the one text both transports show. <see cref="Errors"/> names the fields of an invalid request.</summary>
public sealed record Failure(FailureKind Kind, string Detail)
{
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }
    public TimeSpan? RetryAfter { get; init; }

    public static Failure Invalid(string field, string error) =>
        new(FailureKind.Invalid, $"{field} {error}") { Errors = new Dictionary<string, string[]> { [field] = [error] } };

    public static Failure Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(FailureKind.Invalid, string.Join("; ", errors.Select(e => $"{e.Key} {string.Join(", ", e.Value)}"))) { Errors = errors };

    public static Failure NotFound(string detail) => new(FailureKind.NotFound, detail);

    public static Failure Conflict(string detail) => new(FailureKind.Conflict, detail);

    public static Failure Unauthorized(string detail) => new(FailureKind.Unauthorized, detail);

    public static Failure RateLimited(string what, TimeSpan retryAfter) =>
        new(FailureKind.RateLimited, $"too many {what}: try again in {WholeSeconds(retryAfter)} s") { RetryAfter = retryAfter };

    public static int WholeSeconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
}

/// <summary>What a service returns: a value, or the <see cref="Failure"/> that stands in its place.</summary>
public readonly record struct Outcome<T>
{
    public T? Value { get; }
    public Failure? Failure { get; }

    Outcome(T? value, Failure? failure) => (Value, Failure) = (value, failure);

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Failure failure) => new(default, failure);
}
