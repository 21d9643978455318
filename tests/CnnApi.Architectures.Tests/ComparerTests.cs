using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Summaries;

namespace CnnApi.Architectures.Tests;

public sealed class ComparerTests
{
    private static ArchitectureSummary Preset(string name) => Specs.Summary(ArchitecturePresets.Find(name)!.Architecture);

    [Fact]
    public void Compare_SeedValidWithSeedSame_ShowsWhereParamsGrow()
    {
        var comparison = ArchitectureComparer.Compare(Preset("seed-valid"), Preset("seed-same"));

        // 26 vs 28, 24 vs 28, 22 vs 28, 15,488 vs 25,088; both Dense layers end alike.
        Assert.Equal([false, false, false, false, true, true], comparison.Layers.Select(l => l.SameOutputShape));
        // Only the first Dense differs: 3,211,392 − 1,982,592 = 1,228,800.
        Assert.Equal([0, 0, 0, 0, 1_228_800, 0], comparison.Layers.Select(l => l.ParamsDelta));
        Assert.Equal(3_231_498 - 2_002_698, comparison.Totals.TotalParams);
        Assert.Equal(comparison.B.TotalMacs - comparison.A.TotalMacs, comparison.Totals.TotalMacs);
        Assert.Equal(4 * 1_228_800, comparison.Totals.ParamBytes);
    }

    [Fact]
    public void Compare_DifferentDepths_FlagsLayersOnOneSideOnly()
    {
        var lenet = Preset("lenet5");
        var convnet = Preset("mnist-convnet");

        var comparison = ArchitectureComparer.Compare(convnet, lenet);

        // 7 layers against 8: the last row exists in B only and counts A as 0.
        Assert.Equal(8, comparison.Layers.Count);
        var last = comparison.Layers[^1];
        Assert.Equal((false, true, null, "dense_2", 850L, false), (last.InA, last.InB, last.NameA, last.NameB, last.ParamsDelta, last.SameOutputShape));
        Assert.Equal(61_706 - 34_826, comparison.Totals.TotalParams);
        Assert.All(comparison.Layers.Take(7), l => Assert.True(l.InA && l.InB));
    }

    [Fact]
    public void Compare_Graphs_PairsByNameThenByPosition()
    {
        var a = Specs.Summary(GraphTests.Residual);
        // B widens the block (a: 16 filters) and renames the sum: "sum" has no partner by name, so it pairs with "join".
        var b = Specs.Summary(GraphTests.Residual.Replace("\"name\":\"a\",\"filters\":8", "\"name\":\"a\",\"filters\":16")
            .Replace("\"name\":\"sum\"", "\"name\":\"join\"").Replace("\"name\":\"gap\"", "\"name\":\"gap\",\"inputs\":\"join\""));

        var comparison = ArchitectureComparer.Compare(a, b);

        Assert.Equal(["input_1", "stem", "a", "b", "sum", "gap", "out"], comparison.Layers.Select(l => l.NameA));
        Assert.Equal(["input_1", "stem", "a", "b", "join", "gap", "out"], comparison.Layers.Select(l => l.NameB));
        Assert.Equal(["name", "name", "name", "name", "position", "name", "name"], comparison.Layers.Select(l => l.MatchedBy));
        // a: 9·1·... 9·8·16+16 = 1,168 vs 584; b: 9·16·8+8 = 1,160 vs 584.
        Assert.Equal([0, 0, 584, 576, 0, 0, 0], comparison.Layers.Select(l => l.ParamsDelta));
    }

    [Fact]
    public void Compare_DifferentSequentialModels_SameNamesPairEvenWhenShifted()
    {
        var comparison = ArchitectureComparer.Compare(Preset("mnist-convnet"), Preset("lenet5"));

        // conv2d_1 is the third layer of both; max_pooling2d pairs with average_pooling2d by position.
        Assert.Equal(("conv2d_1", "conv2d_1", "name"), (comparison.Layers[2].NameA, comparison.Layers[2].NameB, comparison.Layers[2].MatchedBy));
        Assert.Equal(("max_pooling2d", "average_pooling2d", "position"), (comparison.Layers[1].NameA, comparison.Layers[1].NameB, comparison.Layers[1].MatchedBy));
    }
}
