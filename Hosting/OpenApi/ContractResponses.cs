using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace ChatApp.Hosting.OpenApi;

/// <summary>
/// The errors the contract gives every route of a kind, documented once here rather than on each route:
/// a route that needs a token answers 401 and carries the bearer requirement; a route that takes a JSON
/// body answers 413 and 415. Route-specific errors (404, 409…) are declared on the routes themselves.
/// </summary>
public sealed class ContractResponses : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var needsToken = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var takesBody = metadata.OfType<IAcceptsMetadata>().Any();
        if (!needsToken && !takesBody)
            return;
        var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
        if (needsToken)
        {
            operation.Security = [new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiDocs.BearerScheme, context.Document)] = [],
            }];
            AddProblem(operation, StatusCodes.Status401Unauthorized, problem);
        }
        if (takesBody)
        {
            AddProblem(operation, StatusCodes.Status413PayloadTooLarge, problem);
            AddProblem(operation, StatusCodes.Status415UnsupportedMediaType, problem);
        }
    }

    static void AddProblem(OpenApiOperation operation, int status, IOpenApiSchema schema)
    {
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd(status.ToString(), new OpenApiResponse
        {
            Description = ReasonPhrases.GetReasonPhrase(status),
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = schema },
            },
        });
    }
}
