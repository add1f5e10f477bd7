using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ChatApp.Hosting.OpenApi;

/// <summary>Corrects the generated schemas where the wire JSON differs from what reflection sees.</summary>
public sealed class WireSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        // Dates go through the wire's own converter, which the generator cannot see into.
        if (type == typeof(DateTime))
            (schema.Type, schema.Format) = (JsonSchemaType.String, "date-time");
        // The web defaults also read numbers from strings; the server itself only ever writes numbers.
        if (type == typeof(int) || type == typeof(int?))
            (schema.Type, schema.Pattern) = (schema.Type & ~JsonSchemaType.String, null);
        // Request fields are nullable in C# only so that a missing one reaches validation: null gets a 400.
        if (type.Name.EndsWith("Request", StringComparison.Ordinal) && schema.Properties is { } fields)
            foreach (var field in fields.Values.OfType<OpenApiSchema>())
                field.Type &= ~JsonSchemaType.Null;
        // Problems carry extension members (trace_id) beside the RFC 9457 fields.
        if (typeof(ProblemDetails).IsAssignableFrom(type) && schema.Properties is { } properties)
        {
            properties["trace_id"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "the request's trace id, also in the server's log lines for that request",
            };
            schema.AdditionalPropertiesAllowed = true;
        }
        return Task.CompletedTask;
    }
}
