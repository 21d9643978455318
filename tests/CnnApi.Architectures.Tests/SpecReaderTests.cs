using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;

namespace CnnApi.Architectures.Tests;

public sealed class SpecReaderTests
{
    [Fact]
    public void Read_MinimalSpec_FillsKerasDefaults()
    {
        var architecture = Specs.Read("""{"layers":[{"type":"Conv2D","filters":8,"kernelSize":3},{"type":"MaxPooling2D"},{"type":"Dense","units":4}]}""");

        Assert.Equal("sequential", architecture.Name);
        Assert.Equal([28, 28, 1], architecture.InputShape);
        Assert.Equal(new Conv2D(8, Size2.Square(3), Size2.Square(1), Padding.Valid, ActivationKind.Linear, true, Size2.Square(1)), architecture.Layers[0]);
        Assert.Equal(new Pooling2D(PoolKind.Max, Size2.Square(2), Size2.Square(2), Padding.Valid), architecture.Layers[1]);
        Assert.Equal(new Dense(4, ActivationKind.Linear, true), architecture.Layers[2]);
    }

    [Fact]
    public void Read_SnakeCaseAndMixedCase_AreAccepted()
    {
        var architecture = Specs.Read("""
            {"Name":"m","input_shape":[32,32,3],"layers":[
              {"type":"CONV2D","filters":4,"kernel_size":[3,5],"dilation_rate":2,"use_bias":false,"activation":"LEAKY_RELU"},
              {"Type":"averagepooling2d","pool_size":[3,3],"Strides":1,"padding":"Same"},
              {"type":"batchnormalization","epsilon":0.01,"momentum":0.9,"center":false}]}
            """);

        Assert.Equal([32, 32, 3], architecture.InputShape);
        Assert.Equal(new Conv2D(4, new Size2(3, 5), Size2.Square(1), Padding.Valid, ActivationKind.LeakyRelu, false, Size2.Square(2)), architecture.Layers[0]);
        Assert.Equal(new Pooling2D(PoolKind.Average, Size2.Square(3), Size2.Square(1), Padding.Same), architecture.Layers[1]);
        Assert.Equal(new BatchNormalization(0.01, 0.9, false, true), architecture.Layers[2]);
    }

    [Theory]
    [InlineData("relu", ActivationKind.Relu)]
    [InlineData("sigmoid", ActivationKind.Sigmoid)]
    [InlineData("tanh", ActivationKind.Tanh)]
    [InlineData("softmax", ActivationKind.Softmax)]
    [InlineData("linear", ActivationKind.Linear)]
    [InlineData("elu", ActivationKind.Elu)]
    [InlineData("selu", ActivationKind.Selu)]
    [InlineData("gelu", ActivationKind.Gelu)]
    [InlineData("leaky_relu", ActivationKind.LeakyRelu)]
    [InlineData("silu", ActivationKind.Silu)]
    [InlineData("swish", ActivationKind.Silu)]
    public void Read_ActivationName_MapsToKind(string name, ActivationKind expected)
    {
        var architecture = Specs.Read(Specs.With("[4,4,1]", $$"""{"type":"Activation","activation":"{{name}}"}"""));

        Assert.Equal(new Activation(expected), architecture.Layers[0]);
    }

    [Theory]
    [InlineData("""{"type":"Conv2D","filters":8,"kernelSize":3,"kernelSise":5}""", "layers[0].kernelSise", "unknown property 'kernelSise'")]
    [InlineData("""{"type":"Conv2D","filters":8,"kernelSize":3,"units":5}""", "layers[0].units", "'units' does not apply to Conv2D")]
    [InlineData("""{"type":"Conv2D","filters":8}""", "layers[0].kernelSize", "kernelSize is required")]
    [InlineData("""{"type":"Conv2D","kernelSize":3}""", "layers[0].filters", "filters is required")]
    [InlineData("""{"type":"Conv2D","filters":0,"kernelSize":3}""", "layers[0].filters", "filters must be an integer from 1")]
    [InlineData("""{"type":"Conv2D","filters":"8","kernelSize":3}""", "layers[0].filters", "filters must be an integer")]
    [InlineData("""{"type":"Conv2D","filters":8.5,"kernelSize":3}""", "layers[0].filters", "filters must be an integer")]
    [InlineData("""{"type":"Conv2D","filters":8,"kernelSize":[3,3,3]}""", "layers[0].kernelSize", "integer or [height, width]")]
    [InlineData("""{"type":"Conv2D","filters":8,"kernel_size":-1}""", "layers[0].kernel_size", "integer or [height, width]")]
    [InlineData("""{"type":"Conv2D","filters":8,"kernelSize":3,"kernel_size":3}""", "layers[0].kernel_size", "repeats")]
    [InlineData("""{"type":"Conv2D","filters":8,"kernelSize":3,"padding":"full"}""", "layers[0].padding", "\"valid\" or \"same\"")]
    [InlineData("""{"type":"Conv2D","filters":8,"kernelSize":3,"padding":1}""", "layers[0].padding", "padding must be a string")]
    [InlineData("""{"type":"Conv2D","filters":8,"kernelSize":3,"activation":"mish"}""", "layers[0].activation", "\"mish\" is not supported")]
    [InlineData("""{"type":"Conv2D","filters":8,"kernelSize":3,"useBias":"yes"}""", "layers[0].useBias", "true or false")]
    [InlineData("""{"type":"Conv2D","filters":8,"kernelSize":3,"strides":2,"dilationRate":2}""", "layers[0].strides", "both strides")]
    [InlineData("""{"type":"Conv2D","filters":8,"kernelSize":5000}""", "layers[0].kernelSize", "4,096")]
    [InlineData("""{"type":"Dense"}""", "layers[0].units", "units is required")]
    [InlineData("""{"type":"Dense","units":2000000}""", "layers[0].units", "1,048,576")]
    [InlineData("""{"type":"Dropout"}""", "layers[0].rate", "rate is required")]
    [InlineData("""{"type":"Dropout","rate":1}""", "layers[0].rate", "(exclusive)")]
    [InlineData("""{"type":"Dropout","rate":-0.1}""", "layers[0].rate", "rate must be a number")]
    [InlineData("""{"type":"Activation"}""", "layers[0].activation", "activation is required")]
    [InlineData("""{"type":"BatchNormalization","epsilon":-1}""", "layers[0].epsilon", "epsilon must be a number")]
    [InlineData("""{"type":"Flatten","units":3}""", "layers[0].units", "'units' does not apply to Flatten; Flatten takes dataFormat, trainable")]
    [InlineData("""{"type":"Flatten","inputs":3}""", "layers[0].inputs", "inputs must be a layer name or a list of layer names")]
    [InlineData("""{"type":"Flatten","name":""}""", "layers[0].name", "non-blank string")]
    [InlineData("""{"type":"Conv3D"}""", "layers[0].type", "unknown layer type \"Conv3D\"; supported: Conv2D, SeparableConv2D")]
    [InlineData("""{"type":7}""", "layers[0].type", "unknown layer type 7")]
    [InlineData("""{"filters":8}""", "layers[0].type", "type is required")]
    [InlineData("""[1]""", "layers[0]", "must be a JSON object")]
    public void Read_BadLayer_ErrorAtPath(string layer, string path, string message)
    {
        var error = Specs.SingleError(Specs.With("[28,28,1]", layer));

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("""{"layers":[{"type":"Flatten"}],"inputShape":[28,28]}""", "inputShape", "[height, width, channels]")]
    [InlineData("""{"layers":[{"type":"Flatten"}],"inputShape":[28,28,0]}""", "inputShape", "channels from 1 to 64")]
    [InlineData("""{"layers":[{"type":"Flatten"}],"inputShape":[4097,28,1]}""", "inputShape", "height and width from 1 to 4096")]
    [InlineData("""{"layers":[{"type":"Flatten"}],"inputShape":[28,28,65]}""", "inputShape", "channels from 1 to 64")]
    [InlineData("""{"layers":[{"type":"Flatten"}],"input_shape":"28x28"}""", "input_shape", "[height, width, channels]")]
    [InlineData("""{"layers":[{"type":"Flatten"}],"name":""}""", "name", "non-blank string")]
    [InlineData("""{"layers":[{"type":"Flatten"}],"name":42}""", "name", "non-blank string")]
    [InlineData("""{"layers":[{"type":"Flatten"}],"inputshape2":[1,1,1]}""", "inputshape2", "unknown property 'inputshape2'")]
    [InlineData("""{"name":"x"}""", "layers", "layers is required")]
    [InlineData("""{"layers":[]}""", "layers", "at least one layer")]
    [InlineData("""{"layers":{}}""", "layers", "at least one layer")]
    [InlineData("""[1,2]""", "", "JSON object")]
    [InlineData("""{"layers":[""", "", "not valid JSON")]
    [InlineData("", "", "not valid JSON")]
    public void Read_BadDocument_ErrorAtPath(string json, string path, string message)
    {
        var error = Specs.SingleError(json);

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Read_TooManyLayers_ErrorOnLayers()
    {
        var json = Specs.With("[28,28,1]", Enumerable.Repeat("""{"type":"Dropout","rate":0.1}""", 201).ToArray());

        var error = Specs.SingleError(json);

        Assert.Equal(("layers", "at most 200 layers are allowed, got 201"), (error.Path, error.Message));
        Assert.True(ArchitectureReader.Read(Specs.With("[28,28,1]", Enumerable.Repeat("""{"type":"Dropout","rate":0.1}""", 200).ToArray())).Succeeded);
    }

    [Fact]
    public void Read_SeveralProblems_ReportsEachWithItsPath()
    {
        var result = ArchitectureReader.Read("""{"name":"", "layers":[{"type":"Dense"},{"type":"Conv2D","filters":-1,"kernelSize":3},{"type":"Flatten"}]}""");

        Assert.Equal(["name", "layers[0].units", "layers[1].filters"], result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Read_Utf8Bytes_SameAsString()
    {
        var json = Specs.With("[28,28,1]", """{"type":"Conv2D","filters":8,"kernelSize":3}""");

        var fromBytes = ArchitectureReader.Read(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.Equal(Specs.Read(json).Layers, fromBytes.Architecture!.Layers);
        Assert.Equal(SpecFormat.CnnApi, fromBytes.Format);
    }
}
