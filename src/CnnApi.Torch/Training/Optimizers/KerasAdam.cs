using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CnnApi.Torch.Training.Optimizers;

/// <summary>
/// Keras 3's Adam (<c>keras/optimizers/adam.py</c>), β₁ 0.9, β₂ 0.999, ε 1e-7, no AMSGrad:
/// <code>
/// m ← m + (g − m)(1 − β₁)        v ← v + (g² − v)(1 − β₂)
/// α ← lr·√(1 − β₂ᵗ) / (1 − β₁ᵗ)   θ ← θ − α·m / (√v + ε)
/// </code>
/// ε is added to √v itself, not to the bias-corrected √v̂ as torch does: Keras's step is torch's with ε replaced by
/// ε / √(1 − β₂ᵗ) (3.2e-6 at step 1, 1.6e-7 at step 469), which matters where gradients are tiny. Slots: m, v.
/// </summary>
internal sealed class KerasAdam : KerasOptimizer
{
    public const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-7;

    private readonly Tensor _oneMinusBeta1, _oneMinusBeta2;
    private readonly Scalar _epsilon;
    private Scalar? _negativeAlpha;

    public KerasAdam(IEnumerable<Parameter> parameters, double learningRate) : base(parameters, slotsPerParameter: 2, learningRate)
    {
        // lerp_(end, w) is self + w·(end − self) for |w| < 0.5: Keras's assign_add(m, (g − m)·(1 − β)) in one kernel.
        _oneMinusBeta1 = ConstantTensor(1 - Beta1);
        _oneMinusBeta2 = ConstantTensor(1 - Beta2);
        _epsilon = Constant(Epsilon);
    }

    public override string Name => "adam";

    protected override IDisposable BeginStep(long iteration)
    {
        double alpha = LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, iteration)) / (1 - Math.Pow(Beta1, iteration));
        return _negativeAlpha = (-alpha).ToScalar();
    }

    protected override void Update(Tensor parameter, Tensor gradient, Tensor[] slots)
    {
        var (m, v) = (slots[0], slots[1]);
        m.lerp_(gradient, _oneMinusBeta1);
        v.lerp_(gradient.mul(gradient), _oneMinusBeta2);
        parameter.addcdiv_(m, v.sqrt().add_(_epsilon, One), _negativeAlpha!);
    }
}
