using ChatApp.Features;

namespace ChatApp.Modules.Errors;

/// <summary>A service's <see cref="Failure"/> as the contract's HTTP answer: status by kind, its text as the detail.</summary>
public sealed class ApiProblem(Failure failure) : IResult
{
    public Failure Failure { get; } = failure;

    public int StatusCode => Failure.Kind switch
    {
        FailureKind.Invalid => StatusCodes.Status400BadRequest,
        FailureKind.Unauthorized => StatusCodes.Status401Unauthorized,
        FailureKind.Forbidden => StatusCodes.Status403Forbidden,
        FailureKind.NotFound => StatusCodes.Status404NotFound,
        FailureKind.Conflict => StatusCodes.Status409Conflict,
        FailureKind.RateLimited => StatusCodes.Status429TooManyRequests,
        _ => throw new ArgumentOutOfRangeException(nameof(Failure), Failure.Kind, null),
    };

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (Failure.RetryAfter is { } retryAfter)
            return TooManyRequests.WriteAsync(httpContext, retryAfter, Failure.Detail);
        return Failure.Errors is { } errors
            ? Problems.WriteAsync(httpContext, StatusCode, Problems.InvalidDetail, errors.ToDictionary())
            : Problems.WriteAsync(httpContext, StatusCode, Failure.Detail);
    }
}
