using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace CnnApi.Torch.Training;

/// <summary>The three optimisers with Keras's defaults (torch's epsilons and RMSprop ρ differ).</summary>
internal static class Optimizers
{
    public static optim.Optimizer Create(string name, IEnumerable<Parameter> parameters, TrainingOptions options) =>
        name.ToLowerInvariant() switch
        {
            "adam" => optim.Adam(parameters, options.LearningRate, beta1: 0.9, beta2: 0.999, eps: 1e-7),
            "sgd" => optim.SGD(parameters, options.LearningRate, momentum: options.Momentum),
            "rmsprop" => optim.RMSProp(parameters, options.LearningRate, alpha: 0.9, eps: 1e-7),
            _ => throw new ArgumentException($"unknown optimizer '{name}'", nameof(name)),
        };
}
