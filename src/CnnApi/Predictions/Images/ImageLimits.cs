namespace CnnApi.Predictions.Images;

/// <summary>
/// What an uploaded image may cost before it is decoded: its encoded size and its pixel dimensions.
/// The host also caps the request body; this limit is checked again here so the decoder is safe alone.
/// </summary>
/// <param name="MaxBytes">Largest encoded file accepted, in bytes (default 4 MiB).</param>
/// <param name="MaxWidth">Widest image accepted, in pixels.</param>
/// <param name="MaxHeight">Tallest image accepted, in pixels.</param>
public sealed record ImageLimits(long MaxBytes = 4 * 1024 * 1024, int MaxWidth = 4096, int MaxHeight = 4096)
{
    /// <summary>The defaults: 4 MiB and 4096 × 4096 pixels.</summary>
    public static ImageLimits Default { get; } = new();
}
