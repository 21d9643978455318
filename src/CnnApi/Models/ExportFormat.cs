using CnnApi.Torch.Export;
using CnnApi.Torch.Export.Onnx;
using CnnApi.Torch.Networks;

namespace CnnApi.Models;

/// <summary>A file format a trained model can be downloaded in, from <c>GET /api/v1/models/{id}/export?format=…</c>.</summary>
public sealed record ExportFormat(string Name, string Extension, string ContentType, string Description,
    Action<KerasNetwork, IReadOnlyList<NetworkLayer>, Stream> Write)
{
    public static readonly ExportFormat Onnx = new("onnx", ".onnx", "application/octet-stream",
        "ONNX (opset 17) for ONNX Runtime, Triton, OpenVINO…: input `image` [N, 28, 28, 1] float32 (pixels 0–1, ink high, " +
        "the MNIST normalisation inside), output `probabilities` [N, 10].", OnnxExport.Write);

    public static readonly ExportFormat PyTorch = new("pytorch", ".pt", "application/octet-stream",
        "A PyTorch `state_dict` (`torch.load`), named as the module `POST /api/v1/architectures/code?format=pytorch` generates.",
        PyTorchStateDict.Write);

    public static IReadOnlyList<ExportFormat> All { get; } = [Onnx, PyTorch];

    public static IReadOnlyList<string> Names { get; } = All.Select(f => f.Name).ToList();

    /// <summary>The format named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static ExportFormat? Find(string? name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The download's file name for a model.</summary>
    public string FileName(Guid modelId) => $"model-{modelId:N}{Extension}";

    /// <summary>The export's URL for a model.</summary>
    public string Href(Guid modelId) => $"/api/v1/models/{modelId}/export?format={Name}";
}

/// <summary>One download of a trained model, as the model's JSON lists it.</summary>
/// <param name="Format">The <c>format</c> query value.</param>
/// <param name="Href">Where to GET it.</param>
/// <param name="FileName">The file name the download carries (<c>Content-Disposition</c>).</param>
/// <param name="ContentType">The response's media type.</param>
public sealed record ModelExport(string Format, string Href, string FileName, string ContentType)
{
    public static IReadOnlyList<ModelExport> For(Guid modelId) =>
        ExportFormat.All.Select(f => new ModelExport(f.Name, f.Href(modelId), f.FileName(modelId), f.ContentType)).ToList();
}
