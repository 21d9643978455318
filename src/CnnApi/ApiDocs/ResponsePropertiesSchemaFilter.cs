using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using CnnApi.Architectures;
using CnnApi.Architectures.Spec;
using CnnApi.Predictions;
using CnnApi.TrainingJobs;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CnnApi.ApiDocs;

/// <summary>
/// Marks as required every property CnnApi's own response types always write (null included), so a generated client
/// and a validator know a missing property is a fault. Properties left out when null (<c>[JsonIgnore(WhenWritingNull)]</c>)
/// stay optional, and so do the properties of the types clients send, whose rules the endpoints check themselves.
/// </summary>
public sealed class ResponsePropertiesSchemaFilter : ISchemaFilter
{
    /// <summary>Request bodies: optional unless the endpoint's reader says otherwise.</summary>
    private static readonly HashSet<Type> Sent =
        [typeof(TrainingJobRequest), typeof(ArchitectureSpec), typeof(LayerSpec), typeof(CompareRequest), typeof(KerasModelDocument), typeof(PredictionUpload)];

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } target || Sent.Contains(context.Type)) return;
        if (context.Type.Namespace?.StartsWith("CnnApi", StringComparison.Ordinal) != true) return;
        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null) continue;
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (target.Properties.ContainsKey(name)) (target.Required ??= new HashSet<string>()).Add(name);
        }
    }
}
