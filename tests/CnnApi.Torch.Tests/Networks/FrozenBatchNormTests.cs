using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;
using CnnApi.Torch.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Networks;

/// <summary>
/// Keras 2.1+ and Keras 3 run a BatchNormalization with <c>trainable = False</c> in inference mode even inside
/// <c>fit</c> (keras/src/layers/normalization/batch_normalization.py, <c>call</c>: <c>if training and self.trainable</c>):
/// its moving statistics stay put and it normalises with them. Freezing a nested model freezes its layers the same way.
/// </summary>
public sealed class FrozenBatchNormTests
{
    private static Architecture Flat(bool frozen) => new("frozen-bn", [28, 28, 1],
    [
        TestArchitectures.Conv(4, stride: 2), new BatchNormalization { Trainable = !frozen }, new Flatten(),
        new Dense(10, ActivationKind.Softmax, true),
    ]);

    private static Architecture Nested(bool frozen) => new("frozen-base", [28, 28, 1],
    [
        new NestedModel(new Architecture("base", [], [TestArchitectures.Conv(4, stride: 2), new BatchNormalization()]), "Sequential")
            { Trainable = !frozen },
        new Flatten(), new Dense(10, ActivationKind.Softmax, true),
    ]);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FrozenBatchNorm_Training_MovingStatisticsUnchangedAndOutputsEqualInference(bool nested)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        using var network = NetworkBuilder.Build(nested ? Nested(frozen: true) : Flat(frozen: true));
        var (mean, variance) = Statistics(network);
        // Moving statistics unlike a fresh layer's, so inference mode is told apart from batch statistics.
        using (no_grad())
        {
            mean.copy_(randn(mean.shape));
            variance.copy_(rand(variance.shape) + 0.5);
        }
        var meanBefore = mean.clone();
        var varianceBefore = variance.clone();

        Train(network);

        Assert.True(mean.equal(meanBefore).all().item<bool>(), "the moving mean of a frozen BatchNormalization moved");
        Assert.True(variance.equal(varianceBefore).all().item<bool>(), "the moving variance of a frozen BatchNormalization moved");
        var x = randn(8, 1, 28, 28);
        network.train();
        var trainingOutput = network.forward(x);
        network.eval();
        var inferenceOutput = network.forward(x);
        Assert.True(trainingOutput.allclose(inferenceOutput, rtol: 0, atol: 1e-6), "a frozen BatchNormalization used batch statistics while training");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrainableBatchNorm_Training_MovingStatisticsMoveAndOutputsDiffer(bool nested)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        using var network = NetworkBuilder.Build(nested ? Nested(frozen: false) : Flat(frozen: false));
        var (mean, _) = Statistics(network);
        var meanBefore = mean.clone();

        Train(network);

        Assert.False(mean.equal(meanBefore).all().item<bool>());
        var x = randn(8, 1, 28, 28);
        network.train();
        var trainingOutput = network.forward(x);
        network.eval();
        Assert.False(trainingOutput.allclose(network.forward(x), rtol: 0, atol: 1e-6));
    }

    private static (Tensor Mean, Tensor Variance) Statistics(KerasNetwork network)
    {
        var buffers = network.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        var mean = buffers.Single(b => b.Key.EndsWith("running_mean", StringComparison.Ordinal)).Value;
        var variance = buffers.Single(b => b.Key.EndsWith("running_var", StringComparison.Ordinal)).Value;
        return (mean, variance);
    }

    private static void Train(KerasNetwork network)
    {
        network.train();
        var trainable = network.parameters().Where(p => p.requires_grad).ToList();
        using var optimizer = optim.SGD(trainable, 0.1);
        for (var step = 0; step < 3; step++)
        {
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(network.forward(randn(16, 1, 28, 28)), randint(0, 10, [16]));
            loss.backward();
            optimizer.step();
        }
    }
}
