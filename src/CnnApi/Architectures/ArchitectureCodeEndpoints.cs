using System.Text;
using CnnApi.ApiDocs;
using CnnApi.Errors;
using CnnApi.Security;
using CnnApi.Torch.Export.Code;
using CnnApi.Torch.Networks;
using Microsoft.Extensions.Options;

namespace CnnApi.Architectures;

/// <summary><c>POST /api/v1/architectures/code?format=pytorch|keras|torchsharp</c>: source code that builds the architecture elsewhere.</summary>
public static class ArchitectureCodeEndpoints
{
    public static RouteGroupBuilder MapArchitectureCode(this RouteGroupBuilder group)
    {
        group.MapPost("/code", GenerateCode).WithName("GenerateArchitectureCode")
            .WithSummary("Generate PyTorch, Keras or TorchSharp code that builds the architecture")
            .WithDescription("Body: what the summary takes (a spec, a Keras `model.to_json()` document or a preset name). " +
                "`format=pytorch`: a Python file with `class Net(nn.Module)`; `Net()` builds the network named as the state_dict of " +
                "`GET /api/v1/models/{id}/export?format=pytorch`, `forward` takes [N, 1, 28, 28] float32 pixels in [0, 1] (ink high, " +
                "CnnApi's normalisation inside) and returns probabilities as CnnApi computes them. `format=keras`: a Keras 3 model " +
                "definition with every layer's name and settings. `format=torchsharp`: a C# file whose `Net.Load(path)` builds the " +
                "network and loads that state_dict (TorchSharp.PyBridge). `Content-Disposition` names the file. Rate limited per client " +
                "(`RateLimits:Code`).")
            .DocumentsQuery("format", ArchitectureCode.Formats, required: true, "The language: `pytorch`, `keras` or `torchsharp`.")
            .Accepts<ArchitectureDocument>("application/json")
            .ProducesContent(StatusCodes.Status200OK, "text/x-python", "Python source (`format=pytorch` or `keras`).", typeof(string))
            .ProducesContent(StatusCodes.Status200OK, "text/x-csharp", "C# source (`format=torchsharp`).", typeof(string))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithRequestExample(ArchitectureExamples.SeedValid)
            .RateLimited(RateLimits.Code);
        return group;
    }

    public static async Task<IResult> GenerateCode(HttpRequest request, string? format, IOptions<ArchitectureOptions> options, CancellationToken ct)
    {
        if (!ArchitectureCode.IsFormat(format))
            return Problems.Validation("format", format is null
                ? $"The code format is required: one of {string.Join(", ", ArchitectureCode.Formats)}."
                : $"'{format}' is not a code format: one of {string.Join(", ", ArchitectureCode.Formats)}.");
        var body = await RequestBody.ReadJsonAsync(request, options.Value.MaxBodyBytes, ct);
        if (body.Problem is { } problem) return problem;
        var errors = new List<(string, string)>();
        var summary = ArchitectureDocuments.SummarizeDocumentOrPreset(body.Json, "", options.Value.Limits, errors);
        if (summary is null) return Problems.Validation(errors);
        GeneratedCode code;
        try
        {
            code = ArchitectureCode.Generate(format!, summary.Name, NetworkLayers.From(summary));
        }
        catch (ArgumentException e)
        {
            // A summary the generators cannot express (a layer name torch cannot register, for one).
            return Problems.Validation("", e.Message);
        }
        return TypedResults.File(Encoding.UTF8.GetBytes(code.Text), code.ContentType + "; charset=utf-8", code.FileName);
    }
}
