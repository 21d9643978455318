using CnnApi.Torch.Mnist;

namespace CnnApi.TrainingJobs;

/// <summary>
/// <c>CnnApi fetch-datasets</c>: puts MNIST into <c>Datasets:Root</c> if missing or corrupt (the set-up
/// scripts run it; the sizes and hashes live in <see cref="MnistFiles"/>), then exits.
/// </summary>
public static class FetchDatasetsCommand
{
    public const string Name = "fetch-datasets";

    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args.Skip(1).ToArray())
            .Build();
        var options = new DatasetOptions();
        configuration.GetSection("Datasets").Bind(options);
        try
        {
            await MnistFetcher.EnsureAsync(options.FullRoot(), Console.WriteLine);
            Console.WriteLine($"MNIST ready in {options.FullRoot()}: {MnistFiles.All.Count} files, sizes and SHA-256 verified");
            return 0;
        }
        catch (Exception e) when (e is MnistDataException or IOException or HttpRequestException or InvalidOperationException)
        {
            Console.Error.WriteLine($"MNIST could not be put in {options.FullRoot()}: {e.Message}");
            return 1;
        }
    }
}
