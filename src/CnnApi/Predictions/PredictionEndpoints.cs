using System.Globalization;
using CnnApi.Errors;
using CnnApi.Predictions.Batching;
using CnnApi.Predictions.Images;
using CnnApi.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serilog;

namespace CnnApi.Predictions;

/// <summary><c>POST /api/v1/predictions</c> (default model) and <c>POST /api/v1/models/{id}/predictions</c>.</summary>
public static class PredictionEndpoints
{
    public static IEndpointRouteBuilder MapPredictions(this IEndpointRouteBuilder app)
    {
        Configure(app.MapPost("/api/v1/predictions", PredictWithDefault).WithName("PredictDigits").WithTags("Predictions")
            .WithSummary("Classify uploaded digits with the default model")
            .WithDescription("Multipart upload: one file in `image`, or several in `images` (answers in upload order). PNG, JPEG, BMP, GIF or WebP of any size within the limits, dark-on-light or light-on-dark, anywhere on the canvas. `?debug=true` adds the 28×28 input the model saw. The default model is the promoted one, else the newest."));
        Configure(app.MapPost("/api/v1/models/{id:guid}/predictions", PredictWithModel).WithName("PredictDigitsWithModel").WithTags("Models")
            .WithSummary("Classify uploaded digits with this model").WithDescription("As `POST /api/v1/predictions`, with a chosen model."));
        return app;
    }

    private static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Accepts<PredictionUpload>("multipart/form-data")
        .Produces<PredictionResult>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
        .RateLimited(RateLimits.Predictions)
        .DisableAntiforgery();

    public static async Task<IResult> PredictWithDefault(HttpRequest request, PredictionService service, DecodeGate gate,
        IOptions<PredictionOptions> options, IDiagnosticContext diagnostics, CancellationToken ct, bool debug = false)
    {
        if (await service.DefaultModelIdAsync(ct) is not { } id)
            return Problems.Conflict("No model yet",
                "No trained model exists: start one with POST /api/v1/training-jobs (e.g. {\"preset\": \"mnist-convnet\", \"epochs\": 1}), " +
                "then predict here; POST /api/v1/models/{id}/promote chooses which model this endpoint uses.");
        return await PredictAsync(id, request, service, gate, options.Value, diagnostics, debug, ct);
    }

    public static async Task<IResult> PredictWithModel(Guid id, HttpRequest request, PredictionService service, DecodeGate gate,
        IOptions<PredictionOptions> options, IDiagnosticContext diagnostics, CancellationToken ct, bool debug = false) =>
        await PredictAsync(id, request, service, gate, options.Value, diagnostics, debug, ct);

    private static async Task<IResult> PredictAsync(Guid id, HttpRequest request, PredictionService service, DecodeGate gate,
        PredictionOptions options, IDiagnosticContext diagnostics, bool debug, CancellationToken ct)
    {
        diagnostics.Set("ModelId", id);
        var (result, known) = await PredictOrExplainAsync(id, request, service, gate, options, debug, ct);
        // Only existing models get their own series: random ids must not grow the metrics without bound.
        PredictionMetrics.Requests.WithLabels(known ? id.ToString() : "unknown",
            result is IStatusCodeHttpResult { StatusCode: { } status and not 200 } ? status.ToString(CultureInfo.InvariantCulture) : "ok").Inc();
        return result;
    }

    /// <summary>
    /// The cheap refusals come first: an unknown or unusable model before the body is read, a pixel budget before
    /// any image is decoded, a bounded number of requests decoding at once, a bounded queue in front of the model.
    /// </summary>
    private static async Task<(IResult Result, bool KnownModel)> PredictOrExplainAsync(Guid id, HttpRequest request,
        PredictionService service, DecodeGate gate, PredictionOptions options, bool debug, CancellationToken ct)
    {
        LoadedModel? model;
        try { model = await service.FindModelAsync(id, ct); }
        catch (ModelUnusableException) { return (Problems.ModelUnusable(id), true); }
        if (model is null) return (Problems.NotFound("Model", id), false);

        var upload = await UploadReader.ReadAsync(request, options, ct);
        if (upload.Problem is { } problem) return (problem, true);
        var pixels = upload.Files.Sum(f => ImageDecoder.ClaimedPixels(f.Bytes) ?? 0);
        if (pixels > options.MaxPixelsPerRequest)
            return (Problems.Status(StatusCodes.Status413PayloadTooLarge, "Too many pixels",
                $"The images hold {pixels:N0} pixels together; one request may hold at most {options.MaxPixelsPerRequest:N0} " +
                "(Predictions:MaxPixelsPerRequest). Send fewer or smaller images."), true);

        List<MnistImage> images;
        using (var slot = await gate.EnterAsync(ct))
        {
            if (slot is null)
                return (RetryAfter.Unavailable("Busy", "Every image decoding slot is taken (Predictions:MaxConcurrentDecodes); try again shortly."), true);
            var (prepared, refusal) = await slot.RunAsync(() => Prepare(service, upload.Files), pixels);
            if (refusal is not null) return (refusal, true);
            images = prepared;
        }

        List<Prediction> predictions;
        try { predictions = await service.PredictAsync(model, images, debug, ct); }
        catch (ModelGoneException) { return (Problems.NotFound("Model", id), false); }
        catch (ModelUnusableException) { return (Problems.ModelUnusable(id), true); }
        catch (BatcherFullException)
        {
            return (RetryAfter.Unavailable("Busy", $"Model {id} has as many images waiting as it takes (Predictions:MaxQueuedImages); try again shortly."), true);
        }

        if (!upload.Several)
        {
            var p = predictions[0];
            return (TypedResults.Ok(new SinglePrediction(id, p.Digit, p.Confidence, p.Probabilities, p.Debug)), true);
        }
        return (TypedResults.Ok(new BatchPrediction(id, predictions)), true);
    }

    /// <summary>Decodes and preprocesses every file (on a decode thread), or the answer for the first one that fails.</summary>
    private static (List<MnistImage> Images, IResult? Refusal) Prepare(PredictionService service, IReadOnlyList<UploadReader.UploadedFile> files)
    {
        var images = new List<MnistImage>(files.Count);
        foreach (var file in files)
        {
            var result = service.Prepare(file.Bytes, out var image);
            if (image is null) return (images, ImageProblem(result, file.Path));
            // A blank page would still get an answer from the network, a meaningless one: say so instead.
            if (!image.InkFound)
                return (images, Problems.Validation(file.Path, "No digit found: the image has no ink distinguishable from its background."));
            images.Add(image);
        }
        return (images, null);
    }

    private static IResult ImageProblem(ImageDecodeResult result, string path) => result.StatusCode switch
    {
        StatusCodes.Status400BadRequest => Problems.Validation(path, result.Message),
        var status => TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = status == StatusCodes.Status413PayloadTooLarge ? "Image too large" : "Not an image",
            Detail = $"{path}: {result.Message}",
            Extensions = { ["field"] = path },
        }),
    };
}
