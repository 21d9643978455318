using System.Text.Json.Nodes;
using CnnApi.Architectures.Spec;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CnnApi.ApiDocs;

/// <summary>
/// The shapes of <see cref="LayerSpec"/>'s fields that C# types cannot say: a size is an integer (a square) or
/// [height, width] (the record holds them as JsonElement), and padding is "valid" or "same".
/// </summary>
public sealed class LayerSpecSchemaFilter : ISchemaFilter
{
    private static readonly string[] Sizes = ["kernelSize", "poolSize", "strides", "dilationRate"];

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(LayerSpec) || schema is not OpenApiSchema { Properties: { } properties }) return;
        foreach (var name in Sizes.Where(properties.ContainsKey))
            properties[name] = new OpenApiSchema
            {
                Description = "An integer (a square) or [height, width].",
                OneOf =
                [
                    new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" },
                    new OpenApiSchema
                    {
                        Type = JsonSchemaType.Array, MinItems = 2, MaxItems = 2,
                        Items = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" },
                    },
                ],
            };
        if (properties.TryGetValue("padding", out var padding) && padding is OpenApiSchema p)
            p.Enum = [JsonValue.Create("valid"), JsonValue.Create("same")];
    }
}
