namespace CnnApi.Models;

/// <summary>The models feature: where model files live, their evaluations and kept exports.</summary>
public static class ModelsSetup
{
    public static WebApplicationBuilder AddModels(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ModelPaths>();
        builder.Services.AddSingleton<ModelEvaluations>();
        builder.Services.AddSingleton<ModelExportCache>();
        return builder;
    }
}
