using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CnnApi.Torch.Training.Optimizers;

/// <summary>
/// Keras 3's SGD (<c>keras/optimizers/sgd.py</c>). Without momentum θ ← θ − lr·g. With momentum μ the velocity
/// holds the learning rate, as in Keras (torch's buffer does not: same result at a constant rate):
/// <code>
/// m ← μ·m − lr·g      θ ← θ + m                 (Nesterov: θ ← θ + μ·m − lr·g, with the new m)
/// </code>
/// Slots: m with momentum, none without.
/// </summary>
internal sealed class KerasSgd : KerasOptimizer
{
    private readonly bool _momentum, _nesterov;
    private readonly Scalar _mu;
    private Scalar? _negativeLearningRate;

    public KerasSgd(IEnumerable<Parameter> parameters, double learningRate, double momentum = 0, bool nesterov = false)
        : base(parameters, slotsPerParameter: momentum != 0 ? 1 : 0, learningRate)
    {
        _momentum = momentum != 0;
        _nesterov = nesterov;
        _mu = Constant(momentum);
    }

    public override string Name => "sgd";

    protected override IDisposable BeginStep(long iteration) => _negativeLearningRate = (-LearningRate).ToScalar();

    protected override void Update(Tensor parameter, Tensor gradient, Tensor[] slots)
    {
        if (!_momentum)
        {
            parameter.add_(gradient, _negativeLearningRate!);
            return;
        }
        var m = slots[0];
        m.mul_(_mu).add_(gradient, _negativeLearningRate!);
        if (_nesterov) parameter.add_(m, _mu).add_(gradient, _negativeLearningRate!);
        else parameter.add_(m, One);
    }
}
