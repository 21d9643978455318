using System.Text.Json;
using System.Text.Json.Nodes;
using CnnApi.Auth;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CnnApi.ApiDocs;

/// <summary>
/// Per operation: security said explicitly (the API key on mutating operations, <c>security: []</c> on public ones),
/// the response media types declared with <see cref="ResponseContent.ProducesContent"/>, query parameter values and request examples.
/// </summary>
public sealed class ApiDocsOperationFilter : IOperationFilter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        operation.Security = metadata.OfType<RequiresApiKeyMetadata>().Any()
            ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocsSetup.ApiKeyScheme, context.Document)] = [] }]
            : [];
        ResponseContent.Apply(operation, metadata.OfType<ResponseContentMetadata>(), context);
        QueryParameter.Apply(operation, metadata.OfType<QueryParameterMetadata>());
        foreach (var example in metadata.OfType<RequestExampleMetadata>())
        {
            if (operation.RequestBody?.Content is not { } content) continue;
            var node = example.Example as JsonNode ?? JsonSerializer.SerializeToNode(example.Example, Json);
            if (content.TryGetValue(example.ContentType, out var existing) && existing is OpenApiMediaType media) media.Example = node;
            else content[example.ContentType] = new OpenApiMediaType { Example = node };
        }
    }
}
