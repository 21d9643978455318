extern alias CnnApiHost;

using BenchmarkDotNet.Attributes;
using CnnApiHost::CnnApi.Predictions.Images;
using CnnApi.Tests.Predictions;

namespace CnnApi.Benchmarks;

/// <summary>
/// Upload bytes to the 784 floats the network takes: decoding (SkiaSharp) and MNIST-style
/// preprocessing, apart and together, for a 28 × 28 PNG, a 600 × 600 canvas PNG and a 280 × 280 photo JPEG.
/// </summary>
[MemoryDiagnoser]
public class ImagePreprocessingBenchmarks
{
    private readonly ImageDecoder decoder = new();
    private readonly MnistPreprocessor preprocessor = new();
    private byte[] png28 = [];
    private byte[] canvas600 = [];
    private byte[] photo280 = [];
    private DecodedImage decoded28 = null!;
    private DecodedImage decodedCanvas = null!;

    [GlobalSetup]
    public void Setup()
    {
        var digit = MnistTestDigits.Load(1)[0];
        png28 = UploadVariants.MnistPng.Encode(digit, new Random(1));
        canvas600 = UploadVariants.Canvas(digit);
        photo280 = UploadVariants.Photo(digit, new Random(1));
        decoded28 = ((ImageDecodeResult.Ok)decoder.Decode(png28)).Image;
        decodedCanvas = ((ImageDecodeResult.Ok)decoder.Decode(canvas600)).Image;
    }

    [Benchmark]
    public ImageDecodeResult Decode_Png28() => decoder.Decode(png28);

    [Benchmark]
    public MnistImage Preprocess_Png28() => preprocessor.Process(decoded28);

    [Benchmark]
    public MnistImage DecodeAndPreprocess_Png28() => preprocessor.Process(((ImageDecodeResult.Ok)decoder.Decode(png28)).Image);

    [Benchmark]
    public ImageDecodeResult Decode_Canvas600() => decoder.Decode(canvas600);

    [Benchmark]
    public MnistImage Preprocess_Canvas600() => preprocessor.Process(decodedCanvas);

    [Benchmark]
    public MnistImage DecodeAndPreprocess_Canvas600() => preprocessor.Process(((ImageDecodeResult.Ok)decoder.Decode(canvas600)).Image);

    [Benchmark]
    public MnistImage DecodeAndPreprocess_PhotoJpeg280() => preprocessor.Process(((ImageDecodeResult.Ok)decoder.Decode(photo280)).Image);

    [Benchmark]
    public byte[] DebugPng() => preprocessor.Process(decoded28).ToPng();
}
