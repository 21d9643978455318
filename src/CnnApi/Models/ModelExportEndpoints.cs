using CnnApi.ApiDocs;
using CnnApi.Errors;
using CnnApi.Security;
using CnnApi.Storage;
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
                "download (a request with `If-None-Match` answers 304 when it still matches). `Content-Disposition` names the file. The first " +
                "download generates the file (about a second of CPU) and keeps it beside the weights; later ones read it. Rate limited per " +
                "client (`RateLimits:Exports`).")
            .DocumentsQuery("format", ExportFormat.Names, required: true, "The file format: `onnx` or `pytorch`.")
            .ProducesContent(StatusCodes.Status200OK, "application/octet-stream", "The model file (`model-{id}.onnx` or `model-{id}.pt`).")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RateLimited(RateLimits.Exports);
        return group;
    }

    public static async Task<IResult> Export(Guid id, string? format, IDbContextFactory<CnnApiDb> dbs, ModelPaths files,
        ModelExportCache exports, HttpResponse response, ILogger<ModelExport> logger, CancellationToken ct)
    {
        if (ExportFormat.Find(format) is not { } kind)
            return Problems.Validation("format", format is null
                ? $"The export format is required: one of {string.Join(", ", ExportFormat.Names)}."
                : $"'{format}' is not an export format: one of {string.Join(", ", ExportFormat.Names)}.");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        var weights = files.Weights(id);
        if (model is null || !File.Exists(weights)) return Problems.NotFound("Model", id);

        ModelExportCache.Export export;
        try
        {
            export = await exports.GetAsync(id, kind, model.ArchitectureJson, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (!File.Exists(weights)) return Problems.NotFound("Model", id);   // deleted while this request ran
            logger.LogError(e, "Model {ModelId} cannot be exported as {Format} from {WeightsFile}", id, kind.Name, weights);
            return Problems.ModelUnusable(id);
        }
        response.Headers[Sha256Header] = export.Sha256;
        return TypedResults.File(export.Content, kind.ContentType, kind.FileName(id), entityTag: new EntityTagHeaderValue($"\"{export.Sha256}\""));
    }
}
