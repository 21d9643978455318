using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CnnApi.ApiDocs;

/// <summary>
/// One media type of one response, for what <c>.Produces&lt;T&gt;()</c> cannot say: a second content type for the
/// same status (JSON or a text table), text, binary files and event streams.
/// It replaces whatever ApiExplorer inferred for that status and media type.
/// </summary>
public sealed record ResponseContentMetadata(int StatusCode, string ContentType, IReadOnlyList<Type> OneOf, string? Description);

public static class ResponseContent
{
    /// <summary>
    /// Documents <paramref name="contentType"/> for <paramref name="statusCode"/>: the schema of <paramref name="oneOf"/>
    /// (one type, or <c>oneOf</c> several), or a string when none is given (binary for <c>application/octet-stream</c> and <c>text/event-stream</c>).
    /// A body that is one of several JSON types is better a component: a <see cref="OneOfAttribute"/> type.
    /// </summary>
    public static RouteHandlerBuilder ProducesContent(this RouteHandlerBuilder endpoint, int statusCode, string contentType,
        string? description = null, params Type[] oneOf) =>
        endpoint.WithMetadata(new ResponseContentMetadata(statusCode, contentType, oneOf, description));

    internal static void Apply(OpenApiOperation operation, IEnumerable<ResponseContentMetadata> contents, OperationFilterContext context)
    {
        foreach (var content in contents)
        {
            operation.Responses ??= [];
            var key = content.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!operation.Responses.TryGetValue(key, out var existing) || existing is not OpenApiResponse response)
                operation.Responses[key] = response = new OpenApiResponse { Description = ReasonPhrases.GetReasonPhrase(content.StatusCode) };
            if (content.Description is { } description) response.Description = description;
            response.Content ??= new Dictionary<string, IOpenApiMediaType>();
            response.Content[content.ContentType] = new OpenApiMediaType { Schema = Schema(content, context) };
        }
    }

    private static IOpenApiSchema Schema(ResponseContentMetadata content, OperationFilterContext context)
    {
        var schemas = content.OneOf.Select(t => context.SchemaGenerator.GenerateSchema(t, context.SchemaRepository)).ToList();
        return schemas.Count switch
        {
            0 => new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                // Files and event streams are read as they come (generators give a Stream), text as a string.
                Format = content.ContentType is "application/octet-stream" or "text/event-stream" ? "binary" : null,
            },
            1 => schemas[0],
            _ => new OpenApiSchema { OneOf = schemas },
        };
    }
}
