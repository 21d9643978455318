using CnnApi.Tests.Infrastructure;
using CnnApi.Torch.Inference;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Tests.Export;
using Microsoft.ML.OnnxRuntime;

namespace CnnApi.Tests.Models;

/// <summary>A downloaded ONNX file against the model it came from: ONNX Runtime and the Predictor on the first MNIST test digits.</summary>
internal static class OnnxDownloads
{
    /// <summary>Probabilities within 1e-4 of CnnApi's on <paramref name="digits"/> test digits, and ONNX's full checker accepts the file.</summary>
    public static void AssertAgreesWithPredictor(byte[] bytes, IReadOnlyList<NetworkLayer> layers, string weightsPath, int digits)
    {
        var pixels = File.ReadAllBytes(Path.Combine(TestData.MnistRoot, "t10k-images-idx3-ubyte"))
            .AsSpan(16, digits * Predictor.Pixels).ToArray().Select(p => p / 255f).ToArray();
        using var predictor = Predictor.Load(layers, weightsPath);
        var expected = predictor.Predict(pixels);
        using var session = new InferenceSession(bytes);
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [digits, 28, 28, 1]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, ["image"], [input], ["probabilities"]);
        var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();

        Assert.Equal(digits * 10, actual.Length);
        Assert.All(expected.Zip(actual), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-4, $"{p.First} vs {p.Second}"));
        OnnxChecker.AssertValid(bytes);
    }
}
