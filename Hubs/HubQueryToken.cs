using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Extensions;

namespace ChatApp.Hubs;

/// <summary>
/// The <c>access_token</c> a browser puts in the hub's query string (it cannot set headers on a
/// WebSocket), taken out of the URL before anything sees the request, and kept here for JwtBearer.
/// </summary>
public sealed record HubQueryToken(string Value)
{
    public const string QueryName = "access_token";

    /// <summary>
    /// Runs before ASP.NET's hosting diagnostics log "Request starting … URL" (and before any
    /// middleware), so no log level or category, and no later middleware, can ever print the token.
    /// </summary>
    public sealed class ContextFactory(IServiceProvider services) : IHttpContextFactory
    {
        readonly DefaultHttpContextFactory _inner = new(services);

        public HttpContext Create(IFeatureCollection featureCollection)
        {
            var context = _inner.Create(featureCollection);
            var request = context.Request;
            if (request.Path.StartsWithSegments(ChatHub.Path) && request.Query.ContainsKey(QueryName))
            {
                if (request.Query[QueryName] is [{ Length: > 0 } token])
                    context.Features.Set(new HubQueryToken(token));
                request.QueryString = new QueryBuilder(
                    request.Query.Where(p => !string.Equals(p.Key, QueryName, StringComparison.OrdinalIgnoreCase)).SelectMany(p => p.Value, (p, v) => KeyValuePair.Create(p.Key, v ?? "")))
                    .ToQueryString();
            }
            return context;
        }

        public void Dispose(HttpContext httpContext) => _inner.Dispose(httpContext);
    }
}
