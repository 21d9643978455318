using CnnApi.Predictions.Batching;
using CnnApi.Torch.Inference;

namespace CnnApi.Predictions;

/// <summary>A model in memory: its predictor and the batcher that feeds it.</summary>
public sealed class LoadedModel : IDisposable
{
    private readonly Predictor _predictor;

    public LoadedModel(Guid id, Predictor predictor, Batching.DynamicBatcherOptions batching)
    {
        Id = id;
        _predictor = predictor;
        Batcher = new DynamicBatcher<float[], float[]>(images => _predictor.Predict(images), batching);
    }

    public Guid Id { get; }
    public DynamicBatcher<float[], float[]> Batcher { get; }

    /// <summary>Lets queued requests finish, then frees the network.</summary>
    public void Dispose()
    {
        Batcher.Dispose();
        _predictor.Dispose();
    }
}
