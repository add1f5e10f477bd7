using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace ChatApp.Hosting.OpenApi;

/// <summary>The OpenAPI document (<c>/openapi/v1.json</c>) and its interactive reference (<c>/docs</c>).</summary>
public static class ApiDocs
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/docs";
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddChatApiDocs(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "ChatApp";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "the access_token from POST /login",
                };
                return Task.CompletedTask;
            });
            o.AddSchemaTransformer<WireSchemas>();
            o.AddOperationTransformer<ContractResponses>();
        });

    public static WebApplication MapChatApiDocs(this WebApplication app)
    {
        // The default pattern, /openapi/{documentName}.json, gives DocumentPath for the one document "v1".
        app.MapOpenApi();
        app.MapScalarApiReference(ReferencePath, o => o.WithTitle("ChatApp API"));
        return app;
    }
}
