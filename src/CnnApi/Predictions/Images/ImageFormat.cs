namespace CnnApi.Predictions.Images;

/// <summary>The encoded formats an upload may have, recognised from their magic numbers.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
    Bmp,
    Gif,
    Webp,
}
