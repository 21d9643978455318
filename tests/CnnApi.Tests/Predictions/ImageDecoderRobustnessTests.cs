using CnnApi.Predictions.Images;

namespace CnnApi.Tests.Predictions;

public sealed class ImageDecoderRobustnessTests
{
    [Fact]
    public void DecodeAndProcess_MutatedAndRandomBytes_NeverThrow()
    {
        var digit = MnistTestDigits.Load(1)[0];
        var random = new Random(20261126);
        var decoder = new ImageDecoder();
        var preprocessor = new MnistPreprocessor();
        var seen = new HashSet<Type>();
        foreach (var variant in UploadVariants.Lossless.Append(UploadVariants.Transformed[2]))
        {
            var valid = variant.Encode(digit, random);
            for (var trial = 0; trial < 300; trial++)
            {
                var bytes = trial % 3 == 0 ? RandomTail(valid, random) : Mutate(valid, random);
                var result = decoder.Decode(bytes);
                seen.Add(result.GetType());
                if (result is ImageDecodeResult.Ok ok)
                {
                    preprocessor.Process(ok.Image); // damaged pixels must not break it either
                }
            }
        }
        // Some damage is harmless to a decoder and some is fatal: both kinds must have come up.
        Assert.Contains(typeof(ImageDecodeResult.Ok), seen);
        Assert.Contains(typeof(ImageDecodeResult.Corrupt), seen);
    }

    [Fact]
    public async Task DecodeAsync_EndlessStream_StopsJustPastByteLimit()
    {
        var stream = new EndlessStream();
        var decoder = new ImageDecoder(new ImageLimits(MaxBytes: 100_000));

        var result = await decoder.DecodeAsync(stream);

        Assert.Equal(ImageLimit.Bytes, Assert.IsType<ImageDecodeResult.TooLarge>(result).Limit);
        Assert.InRange(stream.Served, 100_001, 100_000 + 64 * 1024);
    }

    [Fact]
    public async Task DecodeAsync_PngStream_DecodesIt()
    {
        using var stream = new MemoryStream(UploadVariants.MnistPng.Encode(MnistTestDigits.Load(1)[0], new Random(1)));

        var result = await new ImageDecoder().DecodeAsync(stream);

        Assert.Equal((28, 28), (Assert.IsType<ImageDecodeResult.Ok>(result).Image.Width, ((ImageDecodeResult.Ok)result).Image.Height));
    }

    // Valid signature and header, then noise: the decoder must meet garbage where it expects structure.
    private static byte[] RandomTail(byte[] valid, Random random)
    {
        var bytes = valid.ToArray();
        var keep = Math.Min(bytes.Length, 8 + random.Next(40));
        random.NextBytes(bytes.AsSpan(keep));
        return bytes;
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = valid.ToArray();
        for (var n = random.Next(1, 12); n > 0; n--)
        {
            bytes[random.Next(8, bytes.Length)] = (byte)random.Next(256);
        }
        return random.Next(4) == 0 ? bytes[..random.Next(8, bytes.Length)] : bytes;
    }

    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Served; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)0x89, offset, count);
            Served += count;
            return count;
        }
    }
}
