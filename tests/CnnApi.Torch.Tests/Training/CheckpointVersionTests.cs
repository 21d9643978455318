using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;
using CnnApi.Torch.Training.Callbacks;
using CnnApi.Torch.Training.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CnnApi.Torch.Tests.Training;

/// <summary>
/// A job suspended by a version before issue 16 left a v2 checkpoint with TorchSharp's optimiser state; the
/// new version resumes it with the same moments in Keras's terms.
/// </summary>
public sealed class CheckpointVersionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ckpt-v2-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("adam", 0.0)]
    [InlineData("rmsprop", 0.0)]
    [InlineData("sgd", 0.9)]
    public void Load_V2CheckpointOfTorchSharpOptimizer_SameWeightsAndConvertedMoments(string name, double momentum)
    {
        var options = new TrainingOptions { Optimizer = name, Momentum = momentum, LearningRate = 0.01, Seed = 4 };
        var layers = NetworkLayers.From(TestArchitectures.Tiny());
        var path = Path.Combine(_dir, "old.ckpt");
        manual_seed(4);
        using var oldModel = NetworkBuilder.Build(layers);
        using optim.Optimizer old = name switch
        {
            "adam" => optim.Adam(oldModel.parameters(), 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-7),
            "sgd" => optim.SGD(oldModel.parameters(), 0.01, momentum: momentum),
            _ => optim.RMSProp(oldModel.parameters(), 0.01, alpha: 0.9, eps: 1e-7),
        };
        for (int step = 0; step < 3; step++)
        {
            using var scope = NewDisposeScope();
            old.zero_grad();
            F.cross_entropy(oldModel.forward(randn(4, 1, 28, 28)), tensor(new long[] { 1, 2, 3, 4 })).backward();
            old.step();
        }
        WriteV2(path, oldModel, old, options.Seed, batches: 10, completedEpochs: 0);

        using var model = NetworkBuilder.Build(layers, initialize: false);
        using var optimizer = KerasOptimizer.Create(name, model.parameters(), options);
        using var callbacks = new TrainingCallbacks(options);
        var state = Checkpoint.Load(path, model, optimizer, callbacks, options, batches: 10);

        Assert.Equal(0, state.CompletedEpochs);
        foreach (var ((key, a), (_, b)) in oldModel.state_dict().Zip(model.state_dict()))
            Assert.True(a.allclose(b, rtol: 0, atol: 0), key);
        var states = ((OptimizerHelper)old).state_dict().State;
        var parameters = model.parameters().ToArray();
        for (int i = 0; i < parameters.Length; i++)
        {
            var slots = optimizer.Slots[i];
            switch (states[i])
            {
                case Adam.State s:
                    Assert.Equal(3, optimizer.Iterations);
                    Assert.True(slots[0].allclose(s.exp_avg, rtol: 0, atol: 0) && slots[1].allclose(s.exp_avg_sq, rtol: 0, atol: 0));
                    break;
                case RMSProp.State s:
                    Assert.True(slots[0].allclose(s.square_avg, rtol: 0, atol: 0));
                    break;
                case SGD.State s:
                    using (var expected = s.momentum_buffer.mul(-0.01))
                        Assert.True(slots[0].allclose(expected, rtol: 1e-6, atol: 0));
                    break;
            }
        }
    }

    /// <summary>The v2 layout as the version before issue 16 wrote it (Checkpoint.Save at commit 7693154).</summary>
    private static void WriteV2(string path, nn.Module model, optim.Optimizer optimizer, int seed, int batches, int completedEpochs)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write("CnnApi.Torch checkpoint v2");
        writer.Write(completedEpochs);
        writer.Write(seed);
        writer.Write(batches);
        writer.Write(0);        // history
        writer.Write(false);    // no position inside an epoch
        model.save(writer);
        ((OptimizerHelper)optimizer).save_state_dict(writer);
    }
}
