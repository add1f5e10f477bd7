using Microsoft.AspNetCore.SignalR;

namespace ChatApp.Hubs;

/// <summary>
/// Lets the hub run with detailed errors, so that a client whose call does not bind (wrong argument
/// type or count) or whose frame is too large is told why, while a server fault still reaches the
/// client as one generic line: only <see cref="HubException"/> text and SignalR's own protocol
/// errors are ever shown, never the message of an unexpected exception.
/// </summary>
public sealed class HubErrorFilter(ILogger<HubErrorFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocation);
        }
        catch (Exception e) when (e is not HubException)
        {
            logger.LogError(e, "Hub method {Method} failed", invocation.HubMethodName);
            throw new HubException("the server failed to handle the call");
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (e is not HubException)
        {
            logger.LogError(e, "Hub connection {ConnectionId} failed to start", context.Context.ConnectionId);
            throw new HubException("the server failed to set up the connection");
        }
    }
}
