using Microsoft.AspNetCore.Http.Features;

namespace ChatApp.Modules.Errors;

/// <summary>The contract's 64 KiB body limit, answered as problem+json before any of the body is read.</summary>
public sealed class RequestLimits(RequestDelegate next)
{
    public const long MaxBodyBytes = 64 * 1024;
    public const string TooLargeDetail = "the request body is larger than 64 KiB";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, TooLargeDetail);
            return;
        }
        // Bodies without a Content-Length (chunked) are cut off by the server at the same size.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = MaxBodyBytes;
        await next(context);
    }
}
