using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CnnApi.ApiDocs;

/// <summary>
/// A nullable property of a component type: Swashbuckle writes <c>allOf: [$ref]</c> with <c>nullable: true</c>, but OpenAPI
/// 3.0.3 gives <c>nullable</c> meaning only beside a <c>type</c> (Redocly's nullable-type-sibling), and NSwag makes a
/// subclass of an <c>allOf</c> with a type. <c>type</c> + <c>nullable</c> + <c>oneOf: [$ref]</c> satisfies both.
/// </summary>
public sealed class NullableReferenceSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { AllOf.Count: 1, Type: JsonSchemaType.Null } target) return;
        (target.OneOf, target.AllOf) = (target.AllOf, null);
        target.Type = (context.Type.IsEnum || Nullable.GetUnderlyingType(context.Type)?.IsEnum == true
                ? JsonSchemaType.String : JsonSchemaType.Object) | JsonSchemaType.Null;
    }
}
