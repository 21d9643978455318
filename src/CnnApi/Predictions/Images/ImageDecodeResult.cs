namespace CnnApi.Predictions.Images;

/// <summary>Which of the <see cref="ImageLimits"/> an upload broke.</summary>
public enum ImageLimit
{
    Bytes,
    Width,
    Height,
}

/// <summary>
/// The outcome of decoding an upload. Every failure is a value, not an exception, so arbitrary
/// bytes from a client never reach the exception handler; <see cref="StatusCode"/> is the HTTP
/// status the host should answer with.
/// </summary>
public abstract record ImageDecodeResult
{
    private ImageDecodeResult()
    {
    }

    /// <summary>The HTTP status for this outcome (200 for <see cref="Ok"/>).</summary>
    public abstract int StatusCode { get; }

    /// <summary>A sentence for the client saying what went wrong (or what was decoded).</summary>
    public abstract string Message { get; }

    /// <summary>The image decoded.</summary>
    public sealed record Ok(DecodedImage Image) : ImageDecodeResult
    {
        public override int StatusCode => 200;
        public override string Message => $"{Image.Format} image, {Image.Width}×{Image.Height} pixels.";
    }

    /// <summary>The upload had no bytes at all (400).</summary>
    public sealed record Empty : ImageDecodeResult
    {
        public override int StatusCode => 400;
        public override string Message => "The upload is empty (0 bytes).";
    }

    /// <summary>The bytes are no PNG, JPEG, BMP, GIF or WebP (415).</summary>
    public sealed record NotAnImage : ImageDecodeResult
    {
        public override int StatusCode => 415;
        public override string Message =>
            "The upload is not a supported image: expected PNG, JPEG, BMP, GIF or WebP content.";
    }

    /// <summary>The upload breaks one of the limits, found before its pixels were decoded (413).</summary>
    /// <param name="Limit">The limit broken.</param>
    /// <param name="Actual">The upload's value (bytes or pixels); for a stream cut off early, the bytes read.</param>
    /// <param name="Maximum">The limit's value.</param>
    public sealed record TooLarge(ImageLimit Limit, long Actual, long Maximum) : ImageDecodeResult
    {
        public override int StatusCode => 413;
        public override string Message => Limit switch
        {
            ImageLimit.Bytes => $"The image file is larger than the limit of {Maximum} bytes.",
            ImageLimit.Width => $"The image is {Actual} pixels wide; the limit is {Maximum}.",
            _ => $"The image is {Actual} pixels high; the limit is {Maximum}.",
        };
    }

    /// <summary>The signature matched but the image cannot be decoded: truncated or damaged (400).</summary>
    /// <param name="Format">The format the signature claimed.</param>
    /// <param name="Reason">What failed, in words.</param>
    public sealed record Corrupt(ImageFormat Format, string Reason) : ImageDecodeResult
    {
        public override int StatusCode => 400;
        public override string Message => $"The {Format} image cannot be decoded: {Reason}.";
    }
}
