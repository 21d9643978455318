using CnnApi.Torch.Tests.Training;
using CnnApi.Torch.Training;
using CnnApi.Torch.Training.Optimizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Stress;

/// <summary>
/// Many small optimiser steps under constant garbage collection: small tensors keep the thread inside calls
/// that read Scalars most of the time, where a finalized temporary would be read after being freed. The same
/// loop with TorchSharp's optim.Adam failed within seconds (libtorch's "toFloat" check; see docs/benchmarks.md).
/// </summary>
public sealed class OptimizerGcStressTests
{
    private const int Steps = 3000;

    [Theory]
    [InlineData("adam")]
    [InlineData("rmsprop")]
    [InlineData("sgd")]
    public void Step_3000StepsUnderGcChurn_SameParametersAsUndisturbed(string name)
    {
        var options = new TrainingOptions { Optimizer = name, LearningRate = 0.01, Momentum = name == "sgd" ? 0.9 : 0, Nesterov = true };
        float[][] gradients = [.. Enumerable.Range(0, 7).Select(k => Enumerable.Range(0, 1000).Select(i => MathF.Sin(k * 1000 + i)).ToArray())];

        var quiet = Train(name, options, gradients);
        float[] churned;
        long collections;
        using (var churn = new GcChurn())
        {
            churned = Train(name, options, gradients);
            collections = churn.Collections;
        }

        Assert.True(collections > 10, $"only {collections} forced collections ran beside the steps");
        Assert.Equal(quiet, churned);
    }

    private static float[] Train(string name, TrainingOptions options, float[][] gradients)
    {
        using var parameter = new Parameter(ones(1000));
        using var optimizer = KerasOptimizer.Create(name, [parameter], options);
        for (int step = 0; step < Steps; step++)
            KerasOptimizerTests.Step(optimizer, parameter, gradients[step % gradients.Length]);
        return parameter.data<float>().ToArray();
    }
}
