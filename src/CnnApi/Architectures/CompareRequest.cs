using System.Text.Json;
using System.Text.Json.Serialization;
using CnnApi.ApiDocs;
using CnnApi.Architectures.Spec;

namespace CnnApi.Architectures;

/// <summary>Two architectures to compare, each a spec, a Keras document or a preset name (for the API description).</summary>
public sealed record CompareRequest(ArchitectureDocument A, ArchitectureDocument B);

/// <summary>
/// What the summary, compare and job endpoints read as an architecture: a CnnApi spec, a Keras
/// <c>model.to_json()</c> document (recognised by its <c>class_name</c>) or a preset name. For the API description only:
/// requests are read by <see cref="ArchitectureDocuments"/>.
/// </summary>
[OneOf(typeof(PresetName), typeof(ArchitectureSpec), typeof(KerasModelDocument))]
public sealed class ArchitectureDocument;

/// <summary>A preset's name, as listed by <c>GET /api/v1/architectures/presets</c> (for the API description only).</summary>
public sealed class PresetName;

/// <summary>A Keras <c>model.to_json()</c> document of a Sequential model, or a TensorFlow.js <c>model.json</c> wrapping one (for the API description only).</summary>
/// <param name="ClassName">Only <c>Sequential</c> is read.</param>
/// <param name="Config">The layer list, or <c>{name, layers}</c>.</param>
/// <param name="KerasVersion">As Keras wrote it; Keras 1 documents are refused.</param>
public sealed record KerasModelDocument(
    [property: JsonPropertyName("class_name")] string ClassName,
    [property: JsonPropertyName("config")] JsonElement Config,
    [property: JsonPropertyName("keras_version")] string? KerasVersion);
