using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CnnApi.Torch.Training.Optimizers;

/// <summary>
/// Keras 3's RMSprop (<c>keras/optimizers/rmsprop.py</c>), ρ 0.9, ε 1e-7, not centered:
/// <code>
/// v ← ρ·v + (1 − ρ)·g²     Δ ← lr·g / √(v + ε)
/// θ ← θ − Δ                 (with momentum μ > 0: b ← μ·b + Δ, θ ← θ − b)
/// </code>
/// ε sits inside the square root, as in Keras (torch adds it to √v). Slots: v and, with momentum, b.
/// </summary>
internal sealed class KerasRmsProp : KerasOptimizer
{
    public const double Rho = 0.9, Epsilon = 1e-7;

    private readonly bool _momentum;
    private readonly Scalar _rho, _oneMinusRho, _epsilon, _mu, _minusOne;
    private StepValues? _step;

    public KerasRmsProp(IEnumerable<Parameter> parameters, double learningRate, double momentum = 0)
        : base(parameters, slotsPerParameter: momentum > 0 ? 2 : 1, learningRate)
    {
        _momentum = momentum > 0;
        _rho = Constant(Rho);
        _oneMinusRho = Constant(1 - Rho);
        _epsilon = Constant(Epsilon);
        _mu = Constant(momentum);
        _minusOne = Constant(-1);
    }

    public override string Name => "rmsprop";

    protected override IDisposable BeginStep(long iteration) => _step = new StepValues(LearningRate.ToScalar(), (-LearningRate).ToScalar());

    protected override void Update(Tensor parameter, Tensor gradient, Tensor[] slots)
    {
        var v = slots[0];
        v.mul_(_rho).addcmul_(gradient, gradient, _oneMinusRho);
        var root = v.add(_epsilon, One).sqrt_();
        if (!_momentum)
        {
            parameter.addcdiv_(gradient, root, _step!.NegativeRate);
            return;
        }
        var b = slots[1];
        b.mul_(_mu).addcdiv_(gradient, root, _step!.Rate);
        parameter.add_(b, _minusOne);
    }

    /// <summary>This step's rate and its negative, disposed after the step.</summary>
    private sealed record StepValues(Scalar Rate, Scalar NegativeRate) : IDisposable
    {
        public void Dispose()
        {
            Rate.Dispose();
            NegativeRate.Dispose();
        }
    }
}
