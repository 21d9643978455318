using CnnApi.Torch.Training;
using CnnApi.Torch.Training.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Training;

/// <summary>
/// Two update steps of each optimiser against Keras 3's formulas worked out by hand in double precision
/// (θ₀ = [1, −2, 0.5], g₁ = [0.1, −0.2, 0.3], g₂ = [−0.05, 0.4, 0.3]); float32 tensors, so 2e-6 tolerance.
/// </summary>
public sealed class KerasOptimizerTests
{
    private static readonly float[] Start = [1f, -2f, 0.5f];
    private static readonly float[][] Gradients = [[0.1f, -0.2f, 0.3f], [-0.05f, 0.4f, 0.3f]];

    [Fact]
    public void Adam_TwoSteps_MatchesKerasFormulas()
    {
        // m₂ = 0.9·0.1·g₁ + 0.1·g₂ = [0.004, 0.022, 0.057]; v₂ = 0.999·0.001·g₁² + 0.001·g₂²;
        // θ₂ = θ₁ − 0.01·√(1 − 0.999²)/(1 − 0.9²)·m₂/(√v₂ + 1e-7).
        var (theta, slots) = Run(p => new KerasAdam(p, 0.01));

        AssertClose([0.987337021, -1.99366117, 0.48000018], theta);
        AssertClose([0.004, 0.022, 0.057], slots[0]);
        AssertClose([1.249e-05, 0.00019996, 0.00017991], slots[1], 1e-10);
    }

    [Fact]
    public void Adam_TinyGradient_AddsEpsilonToSqrtVAsKeras()
    {
        // g = 1e-7 at step 1: m = 1e-8, v = 1e-17, α = 0.001·√0.001/0.1 = 3.16228e-4,
        // Δ = α·m/(√v + ε) = 3.16228e-12/(3.16228e-9 + 1e-7) = 3.0653e-5. Torch's ε on the corrected √v̂ would give
        // 0.001·1e-7/(1e-7 + 1e-7) = 5e-4, sixteen times more: the difference issue 16 settles for Keras.
        using var parameter = new Parameter(zeros(1));
        using var adam = new KerasAdam([parameter], 0.001);

        Step(adam, parameter, [1e-7f]);

        Assert.Equal(-3.065343e-05, parameter.data<float>()[0], 1e-10);
    }

    [Fact]
    public void RmsProp_TwoSteps_MatchesKerasFormulasWithEpsilonInsideTheRoot()
    {
        // v₂ = 0.9·0.1·g₁² + 0.1·g₂² = [0.00115, 0.0196, 0.0171]; θ ← θ − 0.01·g/√(v + 1e-7).
        var (theta, slots) = Run(p => new KerasRmsProp(p, 0.01));

        AssertClose([0.983122359, -1.99694897, 0.445435893], theta);
        AssertClose([0.00115, 0.0196, 0.0171], slots[0], 1e-8);
    }

    [Fact]
    public void RmsProp_Momentum_MatchesKerasFormulas()
    {
        // b ← 0.5·b + 0.01·g/√(v + 1e-7); θ ← θ − b.
        var (theta, slots) = Run(p => new KerasRmsProp(p, 0.01, momentum: 0.5));

        AssertClose([0.967311761, -1.98113778, 0.429624592], theta);
        AssertClose([0.00106704319, 0.012760165, 0.0387528068], slots[1]);
    }

    [Fact]
    public void Sgd_NoMomentum_SubtractsRateTimesGradient()
    {
        // θ₀ − 0.1·(g₁ + g₂) = [0.995, −2.02, 0.44]; no slots.
        var (theta, slots) = Run(p => new KerasSgd(p, 0.1));

        AssertClose([0.995, -2.02, 0.44], theta);
        Assert.Empty(slots);
    }

    [Fact]
    public void Sgd_Momentum_VelocityHoldsTheLearningRateAsKeras()
    {
        // m₁ = −0.1·g₁ = [−0.01, 0.02, −0.03], θ₁ = [0.99, −1.98, 0.47]; m₂ = 0.9·m₁ − 0.1·g₂ = [−0.004, −0.022, −0.057].
        var (theta, slots) = Run(p => new KerasSgd(p, 0.1, momentum: 0.9));

        AssertClose([0.986, -2.002, 0.413], theta);
        AssertClose([-0.004, -0.022, -0.057], slots[0]);
    }

    [Fact]
    public void Sgd_Nesterov_AddsMomentumTimesNewVelocityMinusRateTimesGradient()
    {
        // θ₁ = θ₀ + 0.9·m₁ − 0.1·g₁ = [0.981, −1.962, 0.443]; θ₂ = θ₁ + 0.9·m₂ − 0.1·g₂ = [0.9824, −2.0218, 0.3617].
        var (theta, _) = Run(p => new KerasSgd(p, 0.1, momentum: 0.9, nesterov: true));

        AssertClose([0.9824, -2.0218, 0.3617], theta);
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("rmsprop")]
    [InlineData("sgd")]
    public void SaveLoad_MidRun_ContinuesBitForBit(string name)
    {
        var options = new TrainingOptions { Optimizer = name, LearningRate = 0.01, Momentum = name == "sgd" ? 0.9 : 0 };
        using var straight = new Parameter(tensor(Start));
        using var a = KerasOptimizer.Create(name, [straight], options);
        using var resumed = new Parameter(tensor(Start));
        using var b = KerasOptimizer.Create(name, [resumed], options);
        Step(a, straight, Gradients[0]);
        Step(b, resumed, Gradients[0]);

        using var stream = new MemoryStream();
        b.Save(new BinaryWriter(stream));
        using var c = KerasOptimizer.Create(name, [resumed], options);
        stream.Position = 0;
        c.Load(new BinaryReader(stream));
        Step(a, straight, Gradients[1]);
        Step(c, resumed, Gradients[1]);

        Assert.Equal(a.Iterations, c.Iterations);
        Assert.Equal(straight.data<float>().ToArray(), resumed.data<float>().ToArray());
    }

    [Fact]
    public void Load_OtherOptimizersState_ThrowsInvalidData()
    {
        using var parameter = new Parameter(tensor(Start));
        using var adam = new KerasAdam([parameter], 0.01);
        using var sgd = new KerasSgd([parameter], 0.01);
        using var stream = new MemoryStream();
        sgd.Save(new BinaryWriter(stream));
        stream.Position = 0;

        var e = Assert.Throws<InvalidDataException>(() => adam.Load(new BinaryReader(stream)));

        Assert.Contains("sgd", e.Message);
    }

    [Fact]
    public void Step_ParameterWithoutGradient_LeftAsIs()
    {
        using var used = new Parameter(tensor(Start));
        using var unused = new Parameter(tensor(Start));
        using var adam = new KerasAdam([used, unused], 0.01);

        Step(adam, used, Gradients[0]);

        Assert.Equal(Start, unused.data<float>().ToArray());
        Assert.NotEqual(Start, used.data<float>().ToArray());
    }

    private static (float[] Theta, float[][] Slots) Run(Func<Parameter[], KerasOptimizer> create)
    {
        using var parameter = new Parameter(tensor(Start));
        using var optimizer = create([parameter]);
        foreach (var gradient in Gradients) Step(optimizer, parameter, gradient);
        return (parameter.data<float>().ToArray(), optimizer.Slots[0].Select(s => s.data<float>().ToArray()).ToArray());
    }

    /// <summary>One step with exactly <paramref name="gradient"/> as the gradient: d(Σ θ·g)/dθ = g.</summary>
    internal static void Step(KerasOptimizer optimizer, Parameter parameter, float[] gradient)
    {
        using var scope = NewDisposeScope();
        optimizer.ZeroGrad();
        parameter.mul(tensor(gradient)).sum().backward();
        optimizer.Step();
    }

    private static void AssertClose(double[] expected, float[] actual, double tolerance = 2e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"[{i}]: expected {expected[i]}, got {actual[i]}");
    }
}
