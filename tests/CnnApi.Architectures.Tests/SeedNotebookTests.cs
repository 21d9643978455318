using CnnApi.Architectures.Presets;

namespace CnnApi.Architectures.Tests;

/// <summary>The two tables of the seed notebook, pinned layer by layer.</summary>
public sealed class SeedNotebookTests
{
    [Fact]
    public void SeedValid_Summary_MatchesKerasTable()
    {
        var summary = Specs.Summary(ArchitecturePresets.Find("seed-valid")!.Architecture);

        // 28 - 3 + 1 = 26, 24, 22; conv params 3·3·1·32+32 = 320, 3·3·32·32+32 = 9,248; flatten 22·22·32 = 15,488;
        // dense 15,488·128+128 = 1,982,592; dense_1 128·10+10 = 1,290.
        Assert.Equal(
            ["conv2d 26x26x32 320", "conv2d_1 24x24x32 9248", "conv2d_2 22x22x32 9248",
             "flatten 15488 0", "dense 128 1982592", "dense_1 10 1290"],
            summary.Layers.Select(l => $"{l.Name} {Specs.Dims(l.OutputDims)} {l.Params}"));
        Assert.Equal(2_002_698, summary.TotalParams);
        Assert.Equal(2_002_698, summary.TrainableParams);
        Assert.Equal(0, summary.NonTrainableParams);
    }

    [Fact]
    public void SeedSame_Summary_MatchesKerasTable()
    {
        var summary = Specs.Summary(ArchitecturePresets.Find("seed-same")!.Architecture);

        // same padding keeps 28×28; flatten 28·28·32 = 25,088; dense 25,088·128+128 = 3,211,392.
        Assert.Equal(
            ["conv2d 28x28x32 320", "conv2d_1 28x28x32 9248", "conv2d_2 28x28x32 9248",
             "flatten 25088 0", "dense 128 3211392", "dense_1 10 1290"],
            summary.Layers.Select(l => $"{l.Name} {Specs.Dims(l.OutputDims)} {l.Params}"));
        Assert.Equal(3_231_498, summary.TotalParams);
    }

    [Fact]
    public void SeedValid_Text_IsTheKeras2Table()
    {
        var text = Specs.Summary(ArchitecturePresets.Find("seed-valid")!.Architecture).Text;

        // Every row is 65 characters wide with its trailing spaces, as Keras's print_row pads it.
        var expected = string.Join("\n",
            "Model: \"seed-valid\"",
            new string('_', 65),
            "Layer (type)                 Output Shape              Param #   ",
            new string('=', 65),
            "conv2d (Conv2D)              (None, 26, 26, 32)        320       ",
            new string('_', 65),
            "conv2d_1 (Conv2D)            (None, 24, 24, 32)        9248      ",
            new string('_', 65),
            "conv2d_2 (Conv2D)            (None, 22, 22, 32)        9248      ",
            new string('_', 65),
            "flatten (Flatten)            (None, 15488)             0         ",
            new string('_', 65),
            "dense (Dense)                (None, 128)               1982592   ",
            new string('_', 65),
            "dense_1 (Dense)              (None, 10)                1290      ",
            new string('=', 65),
            "Total params: 2,002,698 (7.64 MB)",
            "Trainable params: 2,002,698 (7.64 MB)",
            "Non-trainable params: 0 (0.00 B)",
            new string('_', 65)) + "\n";
        Assert.Equal(expected, text);
    }

    [Fact]
    public void SeedValid_Macs_AreOutputPositionsTimesKernelTaps()
    {
        var summary = Specs.Summary(ArchitecturePresets.Find("seed-valid")!.Architecture);

        // 26·26·32·9·1 = 194,688; 24·24·32·9·32 = 5,308,416; 22·22·32·9·32 = 4,460,544; 15,488·128 = 1,982,464; 128·10 = 1,280.
        Assert.Equal([194_688, 5_308_416, 4_460_544, 0, 1_982_464, 1_280], summary.Layers.Select(l => l.Macs));
        Assert.Equal(11_947_392, summary.TotalMacs);
        Assert.Equal(8_010_792, summary.ParamBytes);
    }
}
