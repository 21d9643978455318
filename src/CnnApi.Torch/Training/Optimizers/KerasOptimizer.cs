using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CnnApi.Torch.Training.Optimizers;

/// <summary>
/// An optimiser with Keras's update rules, written on tensors in CnnApi's own code rather than TorchSharp's
/// optimisers: those turn every hyper-parameter into a temporary <see cref="Scalar"/> that nobody disposes, and
/// a garbage collection on another thread can finalize it while libtorch still reads it (issue 16). Here every
/// number that meets a tensor is a <see cref="Scalar"/> (or 0-d tensor) this object owns: constants live as
/// long as the optimiser, per-step values as long as the step, and all are disposed, never finalized.
/// State: the iteration count (Keras's <c>iterations</c>) and per-parameter slot tensors, saved and loaded
/// exactly, so a resumed run continues bit for bit.
/// </summary>
internal abstract class KerasOptimizer : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[][] _slots;
    private readonly List<IDisposable> _owned = [];

    protected KerasOptimizer(IEnumerable<Parameter> parameters, int slotsPerParameter, double learningRate)
    {
        _parameters = parameters.ToArray();
        LearningRate = learningRate;
        One = Constant(1);
        using var noGrad = no_grad();
        _slots = _parameters.Select(p => Enumerable.Range(0, slotsPerParameter)
            .Select(_ => zeros_like(p).DetachFromDisposeScope()).ToArray()).ToArray();
    }

    /// <summary>1 as a Scalar: TorchSharp's overloads without an alpha make a temporary one.</summary>
    protected Scalar One { get; }

    /// <summary>Keras's name for the optimiser (<c>adam</c>, <c>rmsprop</c>, <c>sgd</c>), also the tag of its saved state.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// The rate of the next steps. Callbacks (schedules, ReduceLROnPlateau) change it between epochs, as Keras assigns
    /// <c>optimizer.learning_rate</c>; each step reads it afresh.
    /// </summary>
    public double LearningRate { get; set; }

    /// <summary>Updates applied so far (Keras's <c>optimizer.iterations</c>).</summary>
    public long Iterations { get; private set; }

    /// <summary>The optimiser's per-parameter state (momenta, velocities), in parameter order.</summary>
    internal IReadOnlyList<Tensor[]> Slots => _slots;

    /// <summary>Keras's default optimisers by name, with the run's learning rate and (SGD) momentum and Nesterov flag.</summary>
    public static KerasOptimizer Create(string name, IEnumerable<Parameter> parameters, TrainingOptions options) =>
        name.ToLowerInvariant() switch
        {
            "adam" => new KerasAdam(parameters, options.LearningRate),
            "sgd" => new KerasSgd(parameters, options.LearningRate, options.Momentum, options.Nesterov),
            "rmsprop" => new KerasRmsProp(parameters, options.LearningRate, options.Momentum),
            _ => throw new ArgumentException($"unknown optimizer '{name}'", nameof(name)),
        };

    /// <summary>Sets every gradient to zero (in place, as TorchSharp's <c>zero_grad</c>).</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in _parameters)
        {
            using var grad = parameter.grad;
            grad?.zero_();
        }
    }

    /// <summary>One update of every parameter that has a gradient, without recording gradients.</summary>
    public void Step()
    {
        Iterations++;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var perStep = BeginStep(Iterations);
        for (int i = 0; i < _parameters.Length; i++)
        {
            var grad = _parameters[i].grad;
            if (grad is null) continue;
            Update(_parameters[i], grad, _slots[i]);
        }
        GC.KeepAlive(perStep);
    }

    /// <summary>Per-step values (Scalars) for step <paramref name="iteration"/> (1 for the first), disposed after the step.</summary>
    protected abstract IDisposable BeginStep(long iteration);

    /// <summary>Updates one parameter in place from its gradient and slots.</summary>
    protected abstract void Update(Tensor parameter, Tensor gradient, Tensor[] slots);

    /// <summary>A constant for the optimiser's lifetime, disposed with it.</summary>
    protected Scalar Constant(double value) => Own(value.ToScalar());

    /// <summary>A 0-d float32 tensor constant (for ops such as <c>lerp_</c> that take a tensor weight), disposed with the optimiser.</summary>
    protected Tensor ConstantTensor(double value) => Own(tensor((float)value).DetachFromDisposeScope());

    private T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>Writes the name, the iteration count and every slot tensor.</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(Name);
        writer.Write(Iterations);
        writer.Write(_slots.Length);
        foreach (var slots in _slots)
        {
            writer.Write(slots.Length);
            foreach (var slot in slots) slot.Save(writer);
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote, for the same optimiser and parameters (else <see cref="InvalidDataException"/>).</summary>
    public void Load(BinaryReader reader)
    {
        var name = reader.ReadString();
        if (name != Name) throw new InvalidDataException($"the checkpoint holds {name} state, not {Name}");
        long iterations = reader.ReadInt64();
        if (reader.ReadInt32() != _slots.Length) throw new InvalidDataException("the checkpoint's optimizer has other parameters");
        foreach (var slots in _slots)
        {
            if (reader.ReadInt32() != slots.Length) throw new InvalidDataException("the checkpoint's optimizer has other slots");
            foreach (var slot in slots) slot.Load(reader);
        }
        Iterations = iterations;
    }

    /// <summary>Sets the state from values converted from another format (older checkpoints).</summary>
    internal void Restore(long iterations, Action<int, Tensor[]> fill)
    {
        using var noGrad = no_grad();
        for (int i = 0; i < _slots.Length; i++) fill(i, _slots[i]);
        Iterations = iterations;
    }

    public void Dispose()
    {
        foreach (var slot in _slots.SelectMany(s => s)) slot.Dispose();
        foreach (var owned in _owned) owned.Dispose();
    }
}
