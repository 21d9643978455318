using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;

namespace CnnApi.Architectures.Layers;

/// <summary>
/// A Sequential or functional model used as a layer (a VGG base under a new head, an augmentation block). As in
/// Keras's <c>model.summary()</c> it is one row: its class (<see cref="KerasClass"/>), its output shape and all its
/// weights; frozen, every weight counts as non-trainable. Its own input shape, when it gives one, must be the
/// shape it is called on. MACs are its layers' sum; its receptive field is the one at its output.
/// </summary>
public sealed record NestedModel(Architecture Model, string ModelClass) : Layer
{
    public override string KerasClass => ModelClass;
    public override string NameStem => Model.Name;

    /// <summary>The inner summary on this input, or its errors.</summary>
    public SummaryResult Summarize(long[] input) => Summarizer.SummarizeOn(Model, input);

    internal override LayerMath Apply(long[] input)
    {
        if (Model.InputShape.Length > 0 && !Model.InputShape.Select(d => (long)d).SequenceEqual(input))
            return LayerMath.Fail($"{ModelClass} '{Model.Name}' takes ({string.Join(", ", Model.InputShape)}) but is called on {Shapes.Format(input)}");
        var result = Summarize(input);
        if (result.Summary is not { } inner)
            return LayerMath.Fail($"{ModelClass} '{Model.Name}': " + string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Message}")));
        var field = inner.Layers[^1].ReceptiveField;
        return new LayerMath(inner.Layers[^1].OutputDims, inner.TotalParams, inner.NonTrainableParams, inner.TotalMacs, null)
        {
            Step = field is null ? null : new FieldStep(field.Size[0], field.Size[1], field.Jump[0], field.Jump[1]),
        };
    }
}
