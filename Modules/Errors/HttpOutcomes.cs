using ChatApp.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatApp.Modules.Errors;

public static class HttpOutcomes
{
    /// <summary>The success result for the value, or the failure as problem+json.</summary>
    public static Results<TSuccess, ApiProblem> ToHttp<T, TSuccess>(this Outcome<T> outcome, Func<T, TSuccess> success)
        where TSuccess : IResult =>
        outcome.Failure is { } failure ? new ApiProblem(failure) : success(outcome.Value!);
}
