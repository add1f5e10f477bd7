using Microsoft.AspNetCore.Mvc;

namespace ChatApp.Modules.Errors;

/// <summary>The contract's error shape (RFC 9457 problem+json with status, title and detail).</summary>
public static class Problems
{
    public const string InvalidDetail = "one or more fields are invalid: see errors";

    /// <summary>Writes a problem from anywhere in the pipeline (results, middleware, auth events).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string detail, IDictionary<string, string[]>? errors = null)
    {
        context.Response.StatusCode = status;
        var problem = errors is null
            ? new ProblemDetails { Status = status, Detail = detail }
            : new HttpValidationProblemDetails(errors) { Status = status, Detail = detail };
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
