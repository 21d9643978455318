using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;

namespace CnnApi.Architectures.Tests;

public sealed class SummarizerErrorTests
{
    private const string Conv3 = """{"type":"Conv2D","filters":4,"kernelSize":3}""";

    [Theory]
    // 28 → pool 14 → 7 → 3 → 1 → the fifth pool meets 1×1.
    [InlineData("[28,28,1]", "layers[4]", "MaxPooling2D: pool 2×2 does not fit the 1×1 input",
        """{"type":"MaxPooling2D"}""", """{"type":"MaxPooling2D"}""", """{"type":"MaxPooling2D"}""", """{"type":"MaxPooling2D"}""", """{"type":"MaxPooling2D"}""")]
    [InlineData("[2,2,1]", "layers[0]", "Conv2D: kernel 3×3 does not fit the 2×2 input", Conv3)]
    // dilation 3 makes 3×3 span 7×7 on a 6×6 input.
    [InlineData("[6,6,1]", "layers[0]", "Conv2D: kernel 3×3 with dilation 3×3 (effective 7×7) does not fit the 6×6 input",
        """{"type":"Conv2D","filters":1,"kernelSize":3,"dilationRate":3}""")]
    [InlineData("[28,3,1]", "layers[0]", "AveragePooling2D: pool 4×4 does not fit the 28×3 input", """{"type":"AveragePooling2D","poolSize":4}""")]
    [InlineData("[28,28,1]", "layers[1]", "Conv2D needs a 3-D input (height, width, channels), got (None, 784)", """{"type":"Flatten"}""", Conv3)]
    [InlineData("[28,28,1]", "layers[2]", "MaxPooling2D needs a 3-D input (height, width, channels), got (None, 10)",
        """{"type":"Flatten"}""", """{"type":"Dense","units":10}""", """{"type":"MaxPooling2D"}""")]
    [InlineData("[28,28,1]", "layers[1]", "GlobalAveragePooling2D needs a 3-D input (height, width, channels), got (None, 784)",
        """{"type":"Flatten"}""", """{"type":"GlobalAveragePooling2D"}""")]
    [InlineData("[28,28,1]", "layers[1]", "GlobalMaxPooling2D needs a 3-D input (height, width, channels), got (None, 1)",
        """{"type":"GlobalMaxPooling2D"}""", """{"type":"GlobalMaxPooling2D"}""")]
    public void Summarize_ShapeDoesNotFit_ErrorNamesLayerInputAndWhy(string input, string path, string message, params string[] layers)
    {
        var error = Specs.SingleError(Specs.With(input, layers));

        Assert.Equal((path, message), (error.Path, error.Message));
    }

    [Fact]
    public void Summarize_FlattenOnFlatInput_IsANoOpAsInKeras()
    {
        var summary = Specs.Summary(Specs.With("[28,28,1]", """{"type":"Flatten"}""", """{"type":"Flatten"}"""));

        Assert.Equal("784", Specs.Dims(summary.Layers[1].OutputDims));
    }

    [Fact]
    public void Summarize_LargestInputWideConv_CountsBeyond32Bits()
    {
        var summary = Specs.Summary(Specs.With("[4096,4096,64]", """{"type":"Conv2D","filters":1024,"kernelSize":3,"padding":"same"}"""));

        // params (9·64+1)·1024 = 590,848; MACs 4096·4096·1024·9·64 = 9,895,604,649,984; activations 4096·4096·1024·4 bytes.
        Assert.Equal(590_848, summary.TotalParams);
        Assert.Equal(9_895_604_649_984, summary.TotalMacs);
        Assert.Equal(68_719_476_736, summary.ActivationBytes);
    }

    [Fact]
    public void Summarize_MacsBeyond64Bits_ErrorNotException()
    {
        // 4096²·2²⁰ outputs · 4096²·64 taps = 2⁷⁴ MACs.
        var error = Specs.SingleError(Specs.With("[4096,4096,64]", """{"type":"Conv2D","filters":1048576,"kernelSize":4096,"padding":"same"}"""));

        Assert.Equal("layers[0]", error.Path);
        Assert.Contains("overflow", error.Message);
    }

    [Fact]
    public void Summarize_ParamsAboveCeiling_ErrorAtTheLayerThatCrossesIt()
    {
        var architecture = ArchitecturePresetsFor("seed-same");

        var result = Summarizer.Summarize(architecture, new SummaryLimits(MaxTotalParams: 1_000_000));

        var error = Assert.Single(result.Errors);
        // 320 + 9,248 + 9,248 + 3,211,392: the Dense layer (index 4) crosses a million.
        Assert.Equal(("layers[4]", "Dense: the total parameter count reaches 3,230,208 here, above the limit of 1,000,000"), (error.Path, error.Message));
        Assert.True(Summarizer.Summarize(architecture, new SummaryLimits(MaxTotalParams: 3_231_498)).Succeeded);
    }

    [Fact]
    public void Summarize_DefaultCeiling_FiveHundredMillion()
    {
        // 4096·4096·64 = 2³⁰ inputs into Dense(1) = 1,073,741,825 params > 500,000,000.
        var error = Specs.SingleError(Specs.With("[4096,4096,64]", """{"type":"Flatten"}""", """{"type":"Dense","units":1}"""));

        Assert.Equal("layers[1]", error.Path);
        Assert.Contains("above the limit of 500,000,000", error.Message);
    }

    [Theory]
    [InlineData(new[] { 28, 28 })]
    [InlineData(new[] { 0, 28, 1 })]
    [InlineData(new[] { 28, 28, 65 })]
    public void Summarize_ArchitectureBuiltInCodeWithBadInput_ErrorOnInputShape(int[] input)
    {
        var result = Summarizer.Summarize(new Architecture("x", input, [new Flatten()]));

        Assert.Equal("inputShape", Assert.Single(result.Errors).Path);
    }

    [Fact]
    public void Summarize_ArchitectureBuiltInCodeWithZeroFilters_ErrorNotException()
    {
        var conv = new Conv2D(0, Size2.Square(3), Size2.Square(1), Padding.Valid, ActivationKind.Relu, true, Size2.Square(1));

        var result = Summarizer.Summarize(new Architecture("x", [28, 28, 1], [conv]));

        Assert.Equal("layers[0]", Assert.Single(result.Errors).Path);
    }

    private static Architecture ArchitecturePresetsFor(string name) => Presets.ArchitecturePresets.Find(name)!.Architecture;
}
