using System.Text.Json;
using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Spec;

namespace CnnApi.Architectures.Tests;

public sealed class PresetTests
{
    [Theory]
    [InlineData("seed-valid", 2_002_698)]
    [InlineData("seed-same", 3_231_498)]
    // 156 + 2,416 + 48,120 + 10,164 + 850: conv 5·5·1·6+6, conv 5·5·6·16+16, dense 400·120+120, 120·84+84, 84·10+10.
    [InlineData("lenet5", 61_706)]
    // 320 + 18,496 + 16,010: conv 9·32+32, conv 9·32·64+64, 5·5·64 = 1,600 → 1,600·10+10.
    [InlineData("mnist-convnet", 34_826)]
    // 160 + 2,320 + 2,320 + 4,640 + 9,248 + 544 + 330: stem 9·16+16, 9·16·16+16 twice, 9·16·32+32, 9·32·32+32,
    // shortcut 16·32+32, Dense 32·10+10.
    [InlineData("mnist-residual", 19_562)]
    // 160 + 688 + 128 + 2,400 + 640 + 650: separable 9·16 + 16·32 + 32 and 9·32 + 32·64 + 64, BN 4·32, depthwise 9·64 + 64.
    [InlineData("mnist-separable", 4_666)]
    // 320 + 9,248 + 18,496 + 36,928 + 131,200 + 1,290 + BN 4·(32 + 32 + 64 + 64 + 128) = 1,280.
    [InlineData("mnist-bn", 198_762)]
    public void Preset_Summary_HasKerasTotal(string name, long total)
    {
        Assert.Equal(total, Specs.Summary(ArchitecturePresets.Find(name)!.Architecture).TotalParams);
    }

    [Fact]
    public void Find_AnyCase_FindsPreset_UnknownIsNull()
    {
        Assert.Equal("seed-valid", ArchitecturePresets.Find("SEED-Valid")?.Name);
        Assert.Null(ArchitecturePresets.Find("vgg16"));
        Assert.Null(ArchitecturePresets.Find(null));
    }

    [Fact]
    public void PresetSpec_PostedBack_ReadsAsTheSameArchitecture()
    {
        foreach (var preset in ArchitecturePresets.All)
        {
            var json = JsonSerializer.Serialize(preset, new JsonSerializerOptions(JsonSerializerDefaults.Web));
            var spec = JsonDocument.Parse(json).RootElement.GetProperty("spec");

            var read = ArchitectureReader.Read(spec);

            Assert.True(read.Succeeded, string.Join("; ", read.Errors));
            Assert.Equal(preset.Architecture.Layers, read.Architecture!.Layers);
            Assert.Equal(preset.Architecture.Graph?.Select(w => (w.Name, string.Join(",", w.Inputs))), read.Architecture.Graph?.Select(w => (w.Name, string.Join(",", w.Inputs))));
            Assert.Equal(preset.Architecture.InputShape, read.Architecture.InputShape);
            Assert.Equal(preset.Name, read.Architecture.Name);
            Assert.DoesNotContain("null", spec.GetRawText());
        }
    }

    [Fact]
    public void Read_TypedSpecFromKerasDocument_RoundTripsTheArchitecture()
    {
        var keras = Specs.Read("""
            {"class_name": "Sequential", "config": [{"class_name": "Conv2D", "config": {"batch_input_shape": [null, 12, 10, 3],
              "filters": 4, "kernel_size": [3, 1], "strides": [2, 1], "padding": "same", "activation": "elu", "use_bias": false}},
             {"class_name": "AveragePooling2D", "config": {"pool_size": [2, 1], "strides": null, "padding": "valid", "trainable": false}}]}
            """);

        var read = ArchitectureReader.Read(ArchitectureSpec.From(keras));

        Assert.Equal(SpecFormat.CnnApi, read.Format);
        Assert.Equal(keras.Layers, read.Architecture!.Layers);
        Assert.Equal([12, 10, 3], read.Architecture.InputShape);
    }

    [Fact]
    public void Presets_Names_AreUniqueAndDescribed()
    {
        Assert.Equal(ArchitecturePresets.All.Count, ArchitecturePresets.All.Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(ArchitecturePresets.All, p => Assert.False(string.IsNullOrWhiteSpace(p.Description)));
        Assert.Contains("99%", ArchitecturePresets.Find("mnist-convnet")!.Description);
        Assert.Contains("19,562", ArchitecturePresets.Find("mnist-residual")!.Description);
        Assert.Contains("4,666", ArchitecturePresets.Find("mnist-separable")!.Description);
    }
}
