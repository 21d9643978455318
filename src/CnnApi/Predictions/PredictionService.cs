using CnnApi.Models;
using CnnApi.Predictions.Batching;
using CnnApi.Predictions.Images;
using CnnApi.Storage;
using Microsoft.EntityFrameworkCore;

namespace CnnApi.Predictions;

/// <summary>Upload → MNIST-style 28×28 input → the model's batcher → probabilities.</summary>
public sealed class PredictionService(ModelCache cache, IDbContextFactory<CnnApiDb> dbs, ImageDecoder decoder, MnistPreprocessor preprocessor)
{
    /// <summary>The promoted model, else the newest; null when there is none.</summary>
    public async Task<Guid?> DefaultModelIdAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await DefaultModel.IdAsync(db, ct);
    }

    public Task<LoadedModel?> FindModelAsync(Guid id, CancellationToken ct) => cache.GetAsync(id, ct);

    /// <summary>Decodes and preprocesses one upload; a failure carries the HTTP status and the reason.</summary>
    public ImageDecodeResult Prepare(ReadOnlySpan<byte> upload, out MnistImage? image)
    {
        var decoded = decoder.Decode(upload);
        image = decoded is ImageDecodeResult.Ok ok ? preprocessor.Process(ok.Image) : null;
        return decoded;
    }

    /// <summary>Classifies prepared images through the model's batcher, all queued at once so they can share a pass.</summary>
    public async Task<List<Prediction>> PredictAsync(LoadedModel model, IReadOnlyList<MnistImage> images, bool debug, CancellationToken ct)
    {
        var held = await AcquireAsync(model, ct);
        try
        {
            var outputs = await Task.WhenAll(images.Select(i => held.Batcher.EnqueueAsync(i.Pixels, ct)));
            PredictionMetrics.Images.Inc(images.Count);
            return images.Select((image, i) => ToPrediction(outputs[i],
                debug ? new PredictionDebug(image.ToPngDataUrl(), image.Inverted, image.InkFound) : null)).ToList();
        }
        finally
        {
            held.Release();
        }
    }

    /// <summary>The model held for this request; when it left the cache and was freed since the lookup, loaded again.</summary>
    private async Task<LoadedModel> AcquireAsync(LoadedModel model, CancellationToken ct)
    {
        for (var attempt = 0; !model.TryAcquire(); attempt++)
        {
            if (attempt == 3) throw new BatcherFullException(0);
            model = await cache.GetAsync(model.Id, ct) ?? throw new ModelGoneException(model.Id);
        }
        return model;
    }

    private static Prediction ToPrediction(float[] probabilities, PredictionDebug? debug)
    {
        var digit = 0;
        for (var d = 1; d < probabilities.Length; d++) if (probabilities[d] > probabilities[digit]) digit = d;
        return new Prediction(digit, Math.Round(probabilities[digit], 6), probabilities, debug);
    }
}

/// <summary>The model was deleted while a request was using it.</summary>
public sealed class ModelGoneException(Guid id) : Exception($"Model {id} was deleted.");
