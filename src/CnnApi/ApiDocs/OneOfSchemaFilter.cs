using CnnApi.Architectures;
using CnnApi.Architectures.Presets;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CnnApi.ApiDocs;

/// <summary>
/// On a type that exists only for the API description: its schema is one of these types' schemas
/// (what an endpoint reading or writing JSON itself accepts or answers).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class OneOfAttribute(params Type[] types) : Attribute
{
    public IReadOnlyList<Type> Types { get; } = types;
}

/// <summary>
/// Writes the component schemas of <see cref="OneOfAttribute"/> types as <c>oneOf</c> their types' schemas, and of
/// <see cref="PresetName"/> as an enum of the built-in presets.
/// </summary>
public sealed class OneOfSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        // Only the component itself: a property of these types is a reference to it.
        if (schema is not OpenApiSchema target || context.MemberInfo is not null || context.ParameterInfo is not null) return;
        if (context.Type == typeof(PresetName))
        {
            Clear(target);
            target.Type = JsonSchemaType.String;
            target.Enum = ArchitecturePresets.All.Select(p => (System.Text.Json.Nodes.JsonNode)p.Name).ToList();
        }
        else if (context.Type.GetCustomAttributes(typeof(OneOfAttribute), false) is [OneOfAttribute oneOf])
        {
            Clear(target);
            target.OneOf = oneOf.Types.Select(t => context.SchemaGenerator.GenerateSchema(t, context.SchemaRepository)).ToList();
        }
    }

    private static void Clear(OpenApiSchema schema)
    {
        schema.Type = null;
        schema.Properties = null;
        schema.Required = null;
        schema.AdditionalPropertiesAllowed = true;
        schema.AdditionalProperties = null;
    }
}
