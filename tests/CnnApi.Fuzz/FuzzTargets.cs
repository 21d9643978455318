using System.Text.Json;
using CnnApi.Architectures;
using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;
using CnnApi.Errors;
using CnnApi.Predictions;
using CnnApi.Predictions.Images;
using CnnApi.TrainingJobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CnnApi.Fuzz;

/// <summary>
/// What the endpoints do with a client's bytes, one target per input kind, each answering the status the endpoint would
/// (200, or the 4xx of its ProblemDetails). Anything else (an exception, a 5xx) is a finding: it escapes to the fuzzer.
/// </summary>
public static class FuzzTargets
{
    /// <summary>The multipart boundary the <c>multipart</c> target's inputs use (corpus files are whole bodies).</summary>
    public const string Boundary = "cnnapi-fuzz-boundary";

    private const int MaxBodyBytes = 1 << 20;

    public static readonly IReadOnlyDictionary<string, Func<byte[], int>> All = new Dictionary<string, Func<byte[], int>>
    {
        ["spec"] = Architecture, ["keras"] = Architecture, ["job"] = Job, ["image"] = Image, ["multipart"] = Multipart,
    };

    /// <summary>
    /// A document posted to the summary endpoint: body reader, <see cref="ArchitectureReader"/> (which picks the spec reader
    /// or the Keras importer by the document's shape), summariser. <c>spec</c> and <c>keras</c> are this one target with
    /// their own corpus: CnnApi specs, and Keras <c>model.to_json()</c> (and TensorFlow.js) documents.
    /// </summary>
    public static int Architecture(byte[] body) =>
        WithJson(body, json => Summarised(ArchitectureReader.Read(json)));

    /// <summary>A training job request: body reader, binder, field checks, the architecture or preset it names.</summary>
    public static int Job(byte[] body) => WithJson(body, json =>
    {
        var errors = new List<(string Path, string Message)>();
        if (JsonBinder.Bind<TrainingJobRequest>(json, errors) is not { } request) return Rejected(errors);
        errors.AddRange(request.ValidateFields());
        if (request.Architecture is { } architecture)
            ArchitectureDocuments.SummarizeDocumentOrPreset(architecture, "architecture", SummaryLimits.Default, errors);
        return errors.Count > 0 ? Rejected(errors) : 200;
    });

    /// <summary>One uploaded file: claimed size, decoder (pixel and byte limits, reduced decode), MNIST preprocessing.</summary>
    public static int Image(byte[] bytes)
    {
        _ = ImageDecoder.ClaimedPixels(bytes);
        var result = Parts.Decoder.Decode(bytes);
        if (result is ImageDecodeResult.Ok ok) Parts.Preprocessor.Process(ok.Image);
        return Checked(result.StatusCode);
    }

    /// <summary>A whole multipart/form-data body (boundary <see cref="Boundary"/>): upload reader, then each file as <see cref="Image"/>.</summary>
    public static int Multipart(byte[] body)
    {
        var request = Request(body, $"multipart/form-data; boundary={Boundary}");
        var upload = UploadReader.ReadAsync(request, Parts.Predictions, CancellationToken.None).GetAwaiter().GetResult();
        if (upload.Problem is { } problem) return StatusOf(problem);
        return upload.Files.Select(f => Image(f.Bytes)).DefaultIfEmpty(200).Max();
    }

    /// <summary>
    /// The app's objects the targets share, made on first use: instrumented code must not run before SharpFuzz's
    /// <c>Fuzzer.OutOfProcess.Run</c> has mapped the coverage memory (an explicit static constructor keeps it lazy).
    /// </summary>
    private static class Parts
    {
        public static readonly PredictionOptions Predictions;
        public static readonly ImageDecoder Decoder;
        public static readonly MnistPreprocessor Preprocessor;

        static Parts()
        {
            Predictions = new PredictionOptions();
            Decoder = new ImageDecoder(new ImageLimits(Predictions.MaxImageBytes, Predictions.MaxImageSide, Predictions.MaxImageSide))
            {
                ReducedDecodeSide = 1024,
            };
            Preprocessor = new MnistPreprocessor();
        }
    }

    private static int WithJson(byte[] body, Func<JsonElement, int> then)
    {
        var read = RequestBody.ReadJsonAsync(Request(body, "application/json"), MaxBodyBytes, CancellationToken.None).GetAwaiter().GetResult();
        return read.Problem is { } problem ? StatusOf(problem) : then(read.Json);
    }

    private static int Summarised(ArchitectureReadResult read)
    {
        if (!read.Succeeded) return read.Errors.Count > 0 ? 400 : throw new FuzzFinding("a failed read without errors");
        var errors = new List<(string, string)>();
        return ArchitectureDocuments.Summarize(read.Architecture!, "", SummaryLimits.Default, errors) is null ? Rejected(errors) : 200;
    }

    private static HttpRequest Request(byte[] body, string contentType)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        context.Request.ContentLength = body.Length;
        context.Request.Body = new MemoryStream(body, writable: false);
        return context.Request;
    }

    private static int Rejected(List<(string Path, string Message)> errors) =>
        errors.Count > 0 ? 400 : throw new FuzzFinding("rejected without a reason");

    private static int StatusOf(IResult problem) =>
        Checked(problem is IStatusCodeHttpResult { StatusCode: { } status } ? status : throw new FuzzFinding($"a problem without a status: {problem}"));

    private static int Checked(int status) =>
        status is 200 or (>= 400 and < 500) ? status : throw new FuzzFinding($"status {status}");
}

/// <summary>An outcome no client may get: a 5xx, or a rejection without a reason.</summary>
public sealed class FuzzFinding(string message) : Exception(message);
