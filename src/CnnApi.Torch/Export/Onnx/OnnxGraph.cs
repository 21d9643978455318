using Google.Protobuf;
using Onnx;

namespace CnnApi.Torch.Export.Onnx;

/// <summary>
/// An ONNX graph under construction: nodes in the order they are added, initializers in the order they are first
/// needed, every name derived from the Keras layer names, so the same network and weights always give the same bytes
/// (no timestamps, no random names, a fixed producer). Tensors are named <c>{layer}/{step}</c>.
/// </summary>
internal sealed class OnnxGraph
{
    public const long Opset = 17;
    public const long IrVersion = 8;    // ONNX 1.12's IR version, the one that goes with opset 17
    public const string Producer = "CnnApi";
    public const string ProducerVersion = "1";

    private readonly GraphProto _graph = new() { Name = "cnnapi" };
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>A fresh tensor name under <paramref name="scope"/>.</summary>
    public string Name(string scope, string what)
    {
        var name = $"{scope}/{what}";
        for (var i = 1; !_names.Add(name); i++) name = $"{scope}/{what}_{i}";
        return name;
    }

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string scope, string op, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        NodeTo(Name(scope, op), op, inputs, attributes);

    /// <summary>Adds a node whose output has the given name (the graph's output).</summary>
    public string NodeTo(string output, string op, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        _names.Add(output);
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return output;
    }

    public string Node(string scope, string op, string input, params AttributeProto[] attributes) => Node(scope, op, [input], attributes);

    /// <summary>A float32 constant (weights, scales) and its name.</summary>
    public string Floats(string scope, string what, ReadOnlySpan<float> values, params long[] dims)
    {
        var tensor = new TensorProto { Name = Name(scope, what), DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
            BitConverter.TryWriteBytes(bytes.AsSpan(i * sizeof(float)), values[i]);   // little-endian, as ONNX's raw_data is
        tensor.RawData = ByteString.CopyFrom(bytes);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A float32 scalar constant (rank 0).</summary>
    public string Scalar(string scope, string what, double value) => Floats(scope, what, [(float)value]);

    /// <summary>An int64 constant vector (shapes, axes, pads, slice bounds).</summary>
    public string Longs(string scope, string what, params long[] values)
    {
        var tensor = new TensorProto { Name = Name(scope, what), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public void Input(string name, params object[] dims) => _graph.Input.Add(FloatValue(name, dims));

    public void Output(string name, params object[] dims) => _graph.Output.Add(FloatValue(name, dims));

    /// <summary>The model: this graph, opset 17 of the default domain, fixed producer fields.</summary>
    public ModelProto ToModel(string docString)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion, ProducerName = Producer, ProducerVersion = ProducerVersion, ModelVersion = 1,
            DocString = docString, Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, double value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A float32 tensor's declaration; a dimension is a number or a symbolic name (<c>"N"</c>).</summary>
    private static ValueInfoProto FloatValue(string name, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
            shape.Dim.Add(dim is string symbol ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim) });
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape };
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
