using System.Text.Json;
using System.Text.Json.Nodes;
using CnnApi.Auth;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CnnApi.ApiDocs;

/// <summary>Adds the lock (API key) to mutating operations and the request examples endpoints declare.</summary>
public sealed class ApiDocsOperationFilter : IOperationFilter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<RequiresApiKeyMetadata>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiDocsSetup.ApiKeyScheme, context.Document)] = [],
            });
        }
        foreach (var example in metadata.OfType<RequestExampleMetadata>())
        {
            if (operation.RequestBody?.Content is not { } content) continue;
            var node = example.Example as JsonNode ?? JsonSerializer.SerializeToNode(example.Example, Json);
            if (content.TryGetValue(example.ContentType, out var existing) && existing is OpenApiMediaType media) media.Example = node;
            else content[example.ContentType] = new OpenApiMediaType { Example = node };
        }
    }
}
