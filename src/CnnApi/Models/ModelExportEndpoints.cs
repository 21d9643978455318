using System.Security.Cryptography;
using CnnApi.ApiDocs;
using CnnApi.Architectures;
using CnnApi.Errors;
using CnnApi.Storage;
using CnnApi.Torch.Networks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace CnnApi.Models;

/// <summary><c>GET /api/v1/models/{id}/export?format=onnx|pytorch</c>: a trained model as a file other tools read.</summary>
public static class ModelExportEndpoints
{
    public const string Sha256Header = "X-Export-SHA256";

    public static RouteGroupBuilder MapModelExports(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}/export", Export).WithName("ExportModel").WithSummary("Download the model for another tool (ONNX or PyTorch)")
            .WithDescription("`format=onnx`: " + ExportFormat.Onnx.Description + " `format=pytorch`: " + ExportFormat.PyTorch.Description +
                $" The bytes depend only on the weights: the `{Sha256Header}` header and the `ETag` carry their SHA-256, the same on every " +
                "download (a request with `If-None-Match` answers 304 when it still matches). `Content-Disposition` names the file.")
            .DocumentsQuery("format", ExportFormat.Names, required: true, "The file format: `onnx` or `pytorch`.")
            .ProducesContent(StatusCodes.Status200OK, "application/octet-stream", "The model file (`model-{id}.onnx` or `model-{id}.pt`).")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    public static async Task<IResult> Export(Guid id, string? format, IDbContextFactory<CnnApiDb> dbs, ModelPaths files,
        HttpResponse response, ILogger<ModelExport> logger, CancellationToken ct)
    {
        if (ExportFormat.Find(format) is not { } kind)
            return Problems.Validation("format", format is null
                ? $"The export format is required: one of {string.Join(", ", ExportFormat.Names)}."
                : $"'{format}' is not an export format: one of {string.Join(", ", ExportFormat.Names)}.");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        var weights = files.Weights(id);
        if (model is null || !File.Exists(weights)) return Problems.NotFound("Model", id);

        byte[] bytes;
        try
        {
            // Loading and writing are synchronous TorchSharp work: off the request thread.
            bytes = await Task.Run(() => Write(kind, model.ArchitectureJson, weights), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Model {ModelId} cannot be exported as {Format} from {WeightsFile}", id, kind.Name, weights);
            return Problems.ModelUnusable(id);
        }
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        response.Headers[Sha256Header] = sha256;
        logger.LogInformation("Model {ModelId} exported as {Format}: {Bytes} bytes, SHA-256 {Sha256}", id, kind.Name, bytes.Length, sha256);
        return TypedResults.File(bytes, kind.ContentType, kind.FileName(id), entityTag: new EntityTagHeaderValue($"\"{sha256}\""));
    }

    private static byte[] Write(ExportFormat format, string architectureJson, string weights)
    {
        var layers = NetworkLayers.From(ArchitectureDocuments.SummarizeStored(architectureJson));
        using var network = ModelFiles.Load(layers, weights);
        using var stream = new MemoryStream();
        format.Write(network, layers, stream);
        return stream.ToArray();
    }
}
