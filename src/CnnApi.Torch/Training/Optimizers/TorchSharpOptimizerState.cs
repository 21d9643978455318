using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CnnApi.Torch.Training.Optimizers;

/// <summary>
/// Reads the optimiser state that checkpoints v1 and v2 hold (TorchSharp's Adam, SGD and RMSProp, written by
/// <c>save_state_dict</c>) into a <see cref="KerasOptimizer"/>, so a job suspended by an older version resumes.
/// The moments are the same quantities except SGD's velocity, which Keras scales by −lr and RMSprop's momentum
/// by lr. Only the reading goes through TorchSharp's optimiser; it never steps.
/// </summary>
internal static class TorchSharpOptimizerState
{
    public static void Read(BinaryReader reader, KerasOptimizer target, IEnumerable<Parameter> parameters,
        TrainingOptions options, long iterations)
    {
        using var legacy = Create(target.Name, parameters, options);
        ((OptimizerHelper)legacy).load_state_dict(reader);
        var states = ((OptimizerHelper)legacy).state_dict().State;
        using var lr = options.LearningRate.ToScalar();
        using var negativeLr = (-options.LearningRate).ToScalar();
        switch (target)
        {
            case KerasAdam:
                target.Restore(((Adam.State)states[0]).step, (i, slots) =>
                {
                    var state = (Adam.State)states[i];
                    slots[0].copy_(state.exp_avg);
                    slots[1].copy_(state.exp_avg_sq);
                });
                break;
            case KerasRmsProp:
                target.Restore(iterations, (i, slots) =>
                {
                    var state = (RMSProp.State)states[i];
                    slots[0].copy_(state.square_avg);
                    if (slots.Length > 1) slots[1].copy_(state.momentum_buffer).mul_(lr);
                });
                break;
            case KerasSgd:
                target.Restore(iterations, (i, slots) =>
                {
                    if (slots.Length > 0) slots[0].copy_(((SGD.State)states[i]).momentum_buffer).mul_(negativeLr);
                });
                break;
        }
        GC.KeepAlive(lr);
        GC.KeepAlive(negativeLr);
    }

    // The optimisers and settings the versions before issue 16 used.
    private static optim.Optimizer Create(string name, IEnumerable<Parameter> parameters, TrainingOptions options) => name switch
    {
        "adam" => optim.Adam(parameters, options.LearningRate, beta1: 0.9, beta2: 0.999, eps: 1e-7),
        "sgd" => optim.SGD(parameters, options.LearningRate, momentum: options.Momentum),
        _ => optim.RMSProp(parameters, options.LearningRate, alpha: 0.9, eps: 1e-7),
    };
}
