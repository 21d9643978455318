namespace CnnApi.Models;

/// <summary>The models feature: where model files live.</summary>
public static class ModelsSetup
{
    public static WebApplicationBuilder AddModels(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ModelPaths>();
        return builder;
    }
}
