using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace ChatApp.Modules.Errors;

/// <summary>
/// Turns what ASP.NET throws for a request it cannot bind (malformed JSON, wrong types, unknown fields,
/// no body, wrong media type, body too large) into the contract's 4xx problem+json, naming the field.
/// </summary>
public sealed partial class BadRequestExceptionHandler : IExceptionHandler
{
    [GeneratedRegex("'([^']{1,64})'")]
    private static partial Regex QuotedName();

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
            return false;
        var (detail, errors) = Describe(bad);
        await Problems.WriteAsync(context, bad.StatusCode, detail, errors);
        return true;
    }

    static (string Detail, Dictionary<string, string[]>? Errors) Describe(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return (RequestLimits.TooLargeDetail, null);
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return ("the request body must be JSON, sent with 'Content-Type: application/json'", null);
        if (bad.InnerException is JsonException json)
            return DescribeJson(json);
        if (bad.Message.Contains("no body was provided", StringComparison.OrdinalIgnoreCase))
            return ("a JSON object body is required", null);
        return ("the request is not valid for this route", null);
    }

    static (string, Dictionary<string, string[]>?) DescribeJson(JsonException json)
    {
        if (json.Message.Contains("could not be mapped", StringComparison.Ordinal)
            && QuotedName().Match(json.Message) is { Success: true } unknown)
            return ("the request body has a field this route does not take",
                new() { [unknown.Groups[1].Value] = ["is not a known field"] });
        var field = FieldOf(json.Path);
        if (json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
            return field is null
                ? ("the request body must be a JSON object", null)
                : ("a field has the wrong type", new() { [field] = ["has the wrong type"] });
        return ("the request body is not valid JSON", null);
    }

    static string? FieldOf(string? path)
    {
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal))
            return null;
        var name = path[2..];
        var end = name.IndexOfAny(['.', '[']);
        return end < 0 ? name : name[..end];
    }
}
