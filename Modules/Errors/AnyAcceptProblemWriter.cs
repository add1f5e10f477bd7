namespace ChatApp.Modules.Errors;

/// <summary>
/// ASP.NET's own problem+json writer, made to answer every client. On its own it writes only when the
/// request's Accept header admits JSON: a browser's <c>text/html</c> (or <c>text/plain</c>,
/// <c>application/xml</c>) got a text/plain status page, an empty 400, or a 500 where a write is
/// required (the 401 challenge). The contract answers problem+json whatever the Accept header, so this
/// writer always can; the shape (title, type, trace id, JSON options) stays the framework's.
/// </summary>
public sealed class AnyAcceptProblemWriter(IProblemDetailsWriter framework) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context) => framework.WriteAsync(context);

    /// <summary>Wraps each writer <c>AddProblemDetails</c> registered; every error path writes through them.</summary>
    public static void WrapFrameworkWriters(IServiceCollection services)
    {
        var wrapped = 0;
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i].ServiceType != typeof(IProblemDetailsWriter) || services[i].ImplementationType is not { } type)
                continue;
            services[i] = ServiceDescriptor.Describe(typeof(IProblemDetailsWriter),
                s => new AnyAcceptProblemWriter((IProblemDetailsWriter)ActivatorUtilities.CreateInstance(s, type)),
                services[i].Lifetime);
            wrapped++;
        }
        if (wrapped == 0)
            throw new InvalidOperationException("AddProblemDetails registered no problem writer to wrap");
    }
}
