using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using CnnApi.Architectures;
using CnnApi.Architectures.Spec;
using CnnApi.Predictions;
using CnnApi.Torch.Training.Callbacks;
using CnnApi.TrainingJobs;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CnnApi.ApiDocs;

/// <summary>
/// Says which properties of CnnApi's own types are present and which may be null: every property a response type always
/// writes (null included) is required, so a generated client and a validator know a missing one is a fault. A property
/// left out when null (<c>[JsonIgnore(WhenWritingNull)]</c>) is optional and never null, in answers and in requests alike
/// (the spec reader refuses <c>"units": null</c>). The properties of the types clients send stay optional.
/// </summary>
public sealed class ResponsePropertiesSchemaFilter : ISchemaFilter
{
    /// <summary>Request bodies: optional unless the endpoint's reader says otherwise.</summary>
    private static readonly HashSet<Type> Sent =
        [typeof(TrainingJobRequest), typeof(EarlyStopping), typeof(ReduceLrOnPlateau), typeof(LearningRateSchedule), typeof(ArchitectureSpec), typeof(LayerSpec), typeof(CompareRequest), typeof(KerasModelDocument), typeof(PredictionUpload)];

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } target) return;
        if (context.Type.Namespace?.StartsWith("CnnApi", StringComparison.Ordinal) != true) return;
        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!target.Properties.TryGetValue(name, out var member)) continue;
            switch (property.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition)
            {
                case JsonIgnoreCondition.WhenWritingNull when member is OpenApiSchema { OneOf.Count: 1, Properties: null } wrapper:
                    target.Properties[name] = wrapper.OneOf[0];  // a reference, not nullable (NullableReferenceSchemaFilter wrapped it)
                    break;
                case JsonIgnoreCondition.WhenWritingNull when member is OpenApiSchema { Type: { } type } plain:
                    plain.Type = type & ~JsonSchemaType.Null;
                    break;
                case null when !Sent.Contains(context.Type):
                    (target.Required ??= new HashSet<string>()).Add(name);
                    break;
            }
        }
    }
}
