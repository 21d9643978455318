using System.Text.Json.Nodes;
using CnnApi.Architectures.Spec;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CnnApi.ApiDocs;

/// <summary>
/// The shapes of <see cref="LayerSpec"/>'s fields that C# types cannot say: a size is an integer (a square) or
/// [height, width] (the record holds them as JsonElement), padding is "valid" or "same" (or ZeroPadding2D's margins),
/// and the other JsonElement fields of the layers added by issue 11 (margins, axes, Rescaling's scale).
/// </summary>
public sealed class LayerSpecSchemaFilter : ISchemaFilter
{
    private static readonly string[] Sizes = ["kernelSize", "poolSize", "strides", "dilationRate", "size"];

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
        if (properties.ContainsKey("outputPadding"))
            properties["outputPadding"] = Pair("Conv2DTranspose: an integer or [height, width], each 0 or more.", minimum: "0");
        var margins = Margins();
        properties["padding"] = new OpenApiSchema
        {
            Description = "\"valid\" or \"same\" (convolutions, pooling); ZeroPadding2D: margins.",
            OneOf = [new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("valid"), JsonValue.Create("same")] }, .. margins.OneOf!],
        };
        properties["cropping"] = margins;
        properties["axis"] = new OpenApiSchema
        {
            Description = "A Keras axis (the batch is 0, -1 the last), or a list of them (LayerNormalization).",
            OneOf = [Integer(null), new OpenApiSchema { Type = JsonSchemaType.Array, MinItems = 1, Items = Integer(null) }],
        };
        properties["scale"] = new OpenApiSchema
        {
            Description = "BatchNormalization/LayerNormalization: use gamma (boolean); Rescaling: the factor (number).",
            OneOf = [new OpenApiSchema { Type = JsonSchemaType.Boolean }, new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double" }],
        };
    }

    private static OpenApiSchema Integer(string? minimum) => new() { Type = JsonSchemaType.Integer, Format = "int32", Minimum = minimum };

    private static OpenApiSchema Pair(string description, string minimum) => new()
    {
        Description = description,
        OneOf = [Integer(minimum), new OpenApiSchema { Type = JsonSchemaType.Array, MinItems = 2, MaxItems = 2, Items = Integer(minimum) }],
    };

    /// <summary>n (every side), [rows, columns] or [[top, bottom], [left, right]].</summary>
    private static OpenApiSchema Margins()
    {
        var pair = new OpenApiSchema { Type = JsonSchemaType.Array, MinItems = 2, MaxItems = 2, Items = Integer("0") };
        return new OpenApiSchema
        {
            Description = "Margins: n (every side), [rows, columns] or [[top, bottom], [left, right]].",
            OneOf = [Integer("0"), pair, new OpenApiSchema { Type = JsonSchemaType.Array, MinItems = 2, MaxItems = 2, Items = pair }],
        };
    }
}
