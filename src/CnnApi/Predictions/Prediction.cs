using System.Text.Json.Serialization;
using CnnApi.ApiDocs;

namespace CnnApi.Predictions;

/// <summary>One image's answer: the digit, its probability, all ten probabilities, and with <c>?debug=true</c> what the model saw.</summary>
public sealed record Prediction(int Digit, double Confidence, float[] Probabilities,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PredictionDebug? Debug = null);

/// <summary>The 28×28 input the model saw (a base64 PNG data URL), and what preprocessing decided.</summary>
public sealed record PredictionDebug(string Input, bool Inverted, bool InkFound);

/// <summary>The answer to a one-image upload (field <c>image</c>).</summary>
public sealed record SinglePrediction(Guid ModelId, int Digit, double Confidence, float[] Probabilities,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PredictionDebug? Debug = null);

/// <summary>The answer to a several-image upload (field <c>images</c>), in upload order.</summary>
public sealed record BatchPrediction(Guid ModelId, IReadOnlyList<Prediction> Predictions);

/// <summary>The multipart form of an upload (for the API description): <c>image</c> or <c>images</c>.</summary>
public sealed record PredictionUpload(IFormFile? Image, IFormFileCollection? Images);

/// <summary>The answer to an upload (for the API description): one prediction for <c>image</c>, a list in upload order for <c>images</c>.</summary>
[OneOf(typeof(SinglePrediction), typeof(BatchPrediction))]
public sealed class PredictionResult;
