using TorchSharp;
using static TorchSharp.torch;

namespace CnnApi.Torch.Training.Callbacks;

/// <summary>A copy of a model's state (every parameter and buffer, by name), to put back later.</summary>
internal sealed class BestWeights : IDisposable
{
    private readonly List<(string Name, Tensor Value)> _tensors;

    private BestWeights(List<(string, Tensor)> tensors) => _tensors = tensors;

    public static BestWeights Of(nn.Module model)
    {
        using var noGrad = no_grad();
        return new(model.state_dict().Select(kv => (kv.Key, kv.Value.detach().clone().DetachFromDisposeScope())).ToList());
    }

    /// <summary>
    /// Bytes the copy holds: every parameter and buffer of the state (BatchNormalization's running mean and variance
    /// included), no gradients and no optimizer state. <c>TrainingMemory</c>'s <c>BestWeightsBytes</c> counts exactly this.
    /// </summary>
    public long Bytes => _tensors.Sum(t => t.Value.numel() * t.Value.ElementSize);

    /// <summary>Overwrites the copy with <paramref name="model"/>'s current state, in place: a new best never holds two copies at once.</summary>
    public void CopyFrom(nn.Module model)
    {
        using var noGrad = no_grad();
        var state = model.state_dict();
        foreach (var (name, value) in _tensors) value.copy_(state[name]);
    }

    /// <summary>Copies the saved values into <paramref name="model"/>'s own tensors (same names and shapes).</summary>
    public void CopyTo(nn.Module model)
    {
        using var noGrad = no_grad();
        var state = model.state_dict();
        foreach (var (name, value) in _tensors) state[name].copy_(value);
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(_tensors.Count);
        foreach (var (name, value) in _tensors)
        {
            writer.Write(name);
            value.Save(writer);
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote, into tensors shaped like <paramref name="model"/>'s.</summary>
    public static BestWeights Load(BinaryReader reader, nn.Module model)
    {
        var state = model.state_dict();
        int count = reader.ReadInt32();
        var tensors = new List<(string, Tensor)>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                if (!state.TryGetValue(name, out var like)) throw new InvalidDataException($"the checkpoint's best weights hold '{name}', which the model has not");
                var value = zeros_like(like).DetachFromDisposeScope();
                tensors.Add((name, value));
                value.Load(reader);
            }
        }
        catch
        {
            foreach (var (_, t) in tensors) t.Dispose();
            throw;
        }
        return new(tensors);
    }

    public void Dispose()
    {
        foreach (var (_, value) in _tensors) value.Dispose();
    }
}
