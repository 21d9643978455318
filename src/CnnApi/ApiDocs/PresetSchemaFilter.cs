using CnnApi.Architectures.Presets;
using CnnApi.TrainingJobs;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CnnApi.ApiDocs;

/// <summary>
/// A preset's <c>recommendedTraining</c> is held as JSON in the pure-C# project (which cannot see the host's request type);
/// the document says what it is: a <see cref="TrainingJobRequest"/> without <c>preset</c> and <c>architecture</c>.
/// </summary>
public sealed class PresetSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(Preset) || schema is not OpenApiSchema { Properties: { } properties }
            || !properties.TryGetValue("recommendedTraining", out var property)) return;
        properties["recommendedTraining"] = new OpenApiSchema
        {
            Description = property.Description,
            AllOf = [context.SchemaGenerator.GenerateSchema(typeof(TrainingJobRequest), context.SchemaRepository)],
        };
    }
}
