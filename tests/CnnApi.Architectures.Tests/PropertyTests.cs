using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;

namespace CnnApi.Architectures.Tests;

public sealed class PropertyTests
{
    [Property(MaxTest = 300)]
    public Property SamePaddedConv_StrideOne_KeepsHeightAndWidth() => Prop.ForAll(
        (from h in Gen.Choose(1, 200) from w in Gen.Choose(1, 200) from k in Gen.Choose(1, 9) from d in Gen.Choose(1, 4)
         select (h, w, k, d)).ToArbitrary(),
        t =>
        {
            var row = Specs.Summary(Specs.With($"[{t.h},{t.w},3]",
                $$"""{"type":"Conv2D","filters":2,"kernelSize":{{t.k}},"padding":"same","dilationRate":{{t.d}}}""")).Layers[0];
            return row.OutputDims[0] == t.h && row.OutputDims[1] == t.w;
        });

    [Property(MaxTest = 300)]
    public Property ValidConv_Output_IsKerasFormulaAndAtLeastOne() => Prop.ForAll(
        (from i in Gen.Choose(1, 4096) from k in Gen.Choose(1, 64) from s in Gen.Choose(1, 8) select (i, k, s)).ToArbitrary(),
        t =>
        {
            var result = Summarizer.Summarize(Specs.Read(Specs.With($"[{t.i},1,1]",
                $$"""{"type":"Conv2D","filters":1,"kernelSize":[{{t.k}},1],"strides":[{{t.s}},1]}""")));
            if (t.i < t.k)
                return !result.Succeeded && result.Errors[0].Path == "layers[0]";
            var height = result.Summary!.Layers[0].OutputDims[0];
            return height >= 1 && height == (t.i - t.k) / t.s + 1;
        });

    [Property(MaxTest = 300)]
    public Property Summary_Totals_AreTheSumOfTheLayers() => Prop.ForAll(JsonGenerators.Spec().ToArbitrary(), json =>
    {
        var result = Summarizer.Summarize(Specs.Read(json));
        if (!result.Succeeded)
            return Assert.Single(result.Errors).Path.StartsWith("layers[", StringComparison.Ordinal);
        var s = result.Summary!;
        return s.TotalParams == s.Layers.Sum(l => l.Params)
            && s.TrainableParams == s.Layers.Sum(l => l.TrainableParams)
            && s.NonTrainableParams == s.Layers.Sum(l => l.NonTrainableParams)
            && s.TotalParams == s.TrainableParams + s.NonTrainableParams
            && s.TotalMacs == s.Layers.Sum(l => l.Macs)
            && s.ActivationBytes == s.Layers.Sum(l => l.ActivationBytes)
            && s.ParamBytes == 4 * s.TotalParams
            && s.Layers.All(l => l.OutputDims.All(d => d >= 1));
    });

    [Property(MaxTest = 2000)]
    public Property Read_ArbitraryJson_NeverThrows() => Prop.ForAll(JsonGenerators.Json().ToArbitrary(), json =>
    {
        var read = ArchitectureReader.Read(json);
        var summary = read.Succeeded ? Summarizer.Summarize(read.Architecture!) : null;
        return read.Succeeded != read.Errors.Count > 0 && (summary is null || summary.Succeeded || summary.Errors.Count == 1);
    });

    [Property(MaxTest = 500)]
    public bool Read_ArbitraryString_NeverThrows(string? text)
    {
        var read = ArchitectureReader.Read(text ?? "");
        var fromBytes = ArchitectureReader.Read(System.Text.Encoding.UTF8.GetBytes(text ?? ""));
        return read.Succeeded == fromBytes.Succeeded;
    }

    [Property(MaxTest = 1000)]
    public Property Read_TextThatIsNotUnicode_FailsWithoutThrowing() => Prop.ForAll(JsonGenerators.WithInvalidText().ToArbitrary(), bytes =>
    {
        var read = ArchitectureReader.Read(bytes);
        return !read.Succeeded && read.Errors.Count is > 0 and <= JsonChecks.MaxErrors;
    });

    [Property(MaxTest = 500)]
    public Property Read_DuplicateProperty_FailsNamingIt() => Prop.ForAll(JsonGenerators.WithDuplicateProperty().ToArbitrary(), json =>
    {
        var read = ArchitectureReader.Read(json);
        return !read.Succeeded && read.Errors.Any(e => e.Message.Contains("more than once", StringComparison.Ordinal));
    });
}
