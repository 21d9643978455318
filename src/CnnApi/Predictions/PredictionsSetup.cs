using CnnApi.Predictions.Images;
using Microsoft.Extensions.Options;

namespace CnnApi.Predictions;

/// <summary>The predictions feature: limits, decoding, preprocessing, the model cache.</summary>
public static class PredictionsSetup
{
    public static WebApplicationBuilder AddPredictions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PredictionOptions>().BindConfiguration("Predictions").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(services =>
        {
            var o = services.GetRequiredService<IOptions<PredictionOptions>>().Value;
            // Digits need no more than 1024 px: big JPEG/WebP photos decode at a reduced scale, saving memory and time.
            return new ImageDecoder(new ImageLimits(o.MaxImageBytes, o.MaxImageSide, o.MaxImageSide)) { ReducedDecodeSide = 1024 };
        });
        builder.Services.AddSingleton<MnistPreprocessor>();
        builder.Services.AddSingleton<ModelCache>();
        builder.Services.AddSingleton<DecodeGate>();
        builder.Services.AddSingleton<PredictionService>();
        return builder;
    }
}
