using CnnApi.Architectures.Presets;

namespace CnnApi.Architectures;

/// <summary>Request examples shown in Swagger UI: the seed notebook's two models.</summary>
public static class ArchitectureExamples
{
    public static object SeedValid { get; } = ArchitecturePresets.Find("seed-valid")!.Spec;

    public static object CompareSeeds { get; } = new
    {
        a = ArchitecturePresets.Find("seed-valid")!.Spec,
        b = ArchitecturePresets.Find("seed-same")!.Spec,
    };
}
