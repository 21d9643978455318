using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace CnnApi.ApiDocs;

/// <summary>
/// What a string query parameter accepts, for Swagger: its values as an enum, whether it is required, a description
/// and an example. The handler binds it as a plain string and answers a wrong value with its own ProblemDetails.
/// </summary>
public sealed record QueryParameterMetadata(string Name, IReadOnlyList<string> Values, bool Required, string Description);

public static class QueryParameter
{
    public static RouteHandlerBuilder DocumentsQuery(this RouteHandlerBuilder endpoint, string name, IReadOnlyList<string> values,
        bool required, string description) =>
        endpoint.WithMetadata(new QueryParameterMetadata(name, values, required, description));

    internal static void Apply(OpenApiOperation operation, IEnumerable<QueryParameterMetadata> parameters)
    {
        foreach (var metadata in parameters)
        {
            if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == metadata.Name && p.In == ParameterLocation.Query) is not { } parameter)
                continue;
            parameter.Required = metadata.Required;
            parameter.Description = metadata.Description;
            parameter.Example = JsonValue.Create(metadata.Values[0]);
            parameter.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = metadata.Values.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
            };
        }
    }
}
