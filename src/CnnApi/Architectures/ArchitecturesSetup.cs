namespace CnnApi.Architectures;

/// <summary>The architectures feature: its limits.</summary>
public static class ArchitecturesSetup
{
    public static WebApplicationBuilder AddArchitectures(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ArchitectureOptions>().BindConfiguration("Architectures").ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }
}
