using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Summaries;
using CnnApi.Architectures.Spec;
using CnnApi.TrainingJobs;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>What counts as "the same architecture" for continued training: the weights load one for one.</summary>
public sealed class InitialModelsTests
{
    private static ArchitectureSummary Summary(string preset) => Summarizer.Summarize(ArchitecturePresets.Find(preset)!.Architecture, SummaryLimits.Default).Summary!;

    [Fact]
    public void Difference_SameArchitecture_None()
    {
        Assert.Null(InitialModels.Difference(Summary("mnist-convnet"), Summary("mnist-convnet")));
    }

    [Fact]
    public void Difference_OtherLayerCount_SaysSo()
    {
        Assert.Matches(@"^\d+ layers in the model, \d+ in this job$", InitialModels.Difference(Summary("mnist-convnet"), Summary("lenet5")));
    }

    [Fact]
    public void Difference_SameLayerCountOtherWeights_NamesTheFirstLayerThatDiffers()
    {
        // seed-valid and seed-same: the same layers, but the Dense layer after Flatten has other input sizes.
        var difference = InitialModels.Difference(Summary("seed-valid"), Summary("seed-same"));

        Assert.StartsWith("layer 0: the model's is conv2d (Conv2D) [null, 26, 26, 32] with 320 parameters, this job's conv2d (Conv2D) [null, 28, 28, 32]", difference);
    }
}
