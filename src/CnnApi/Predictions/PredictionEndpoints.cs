using CnnApi.Errors;
using CnnApi.Predictions.Images;
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
        .DisableAntiforgery();

    public static async Task<IResult> PredictWithDefault(HttpRequest request, PredictionService service,
        IOptions<PredictionOptions> options, IDiagnosticContext diagnostics, CancellationToken ct, bool debug = false)
    {
        if (await service.DefaultModelIdAsync(ct) is not { } id)
            return Problems.Conflict("No model yet",
                "No trained model exists: start one with POST /api/v1/training-jobs (e.g. {\"preset\": \"mnist-convnet\", \"epochs\": 1}), " +
                "then predict here; POST /api/v1/models/{id}/promote chooses which model this endpoint uses.");
        return await PredictAsync(id, request, service, options.Value, diagnostics, debug, ct);
    }

    public static async Task<IResult> PredictWithModel(Guid id, HttpRequest request, PredictionService service,
        IOptions<PredictionOptions> options, IDiagnosticContext diagnostics, CancellationToken ct, bool debug = false) =>
        await PredictAsync(id, request, service, options.Value, diagnostics, debug, ct);

    private static async Task<IResult> PredictAsync(Guid id, HttpRequest request, PredictionService service,
        PredictionOptions options, IDiagnosticContext diagnostics, bool debug, CancellationToken ct)
    {
        diagnostics.Set("ModelId", id);
        var upload = await UploadReader.ReadAsync(request, options, ct);
        if (upload.Problem is { } problem) return problem;

        var images = new List<MnistImage>(upload.Files.Count);
        for (var i = 0; i < upload.Files.Count; i++)
        {
            var result = service.Prepare(upload.Files[i].Bytes, out var image);
            if (image is null) return ImageProblem(result, upload.Files[i].Path);
            // A blank page would still get an answer from the network, a meaningless one: say so instead.
            if (!image.InkFound)
                return Problems.Validation(upload.Files[i].Path, "No digit found: the image has no ink distinguishable from its background.");
            images.Add(image);
        }

        var model = await service.FindModelAsync(id, ct);
        if (model is null) return Problems.NotFound("Model", id);
        List<Prediction> predictions;
        try { predictions = await service.PredictAsync(model, images, debug, ct); }
        catch (ModelGoneException) { return Problems.NotFound("Model", id); }

        if (!upload.Several)
        {
            var p = predictions[0];
            return TypedResults.Ok(new SinglePrediction(id, p.Digit, p.Confidence, p.Probabilities, p.Debug));
        }
        return TypedResults.Ok(new BatchPrediction(id, predictions));
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
