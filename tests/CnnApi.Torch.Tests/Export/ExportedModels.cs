using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Spec;
using CnnApi.Torch.Export;
using CnnApi.Torch.Inference;
using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Export;

/// <summary>
/// Every preset (trained for one short epoch) and every <see cref="CoverageNetworks"/> network (random weights), saved as CnnApi saves a trained
/// model, with the <see cref="Predictor"/>'s probabilities on the first 200 MNIST test digits and the exported state_dict.
/// Made once per test run (<see cref="Shared"/>; training the presets takes a while) and deleted when the run ends:
/// the export tests compare other tools' answers with these.
/// </summary>
public sealed class ExportedModels
{
    private static readonly Lazy<ExportedModels> Instance = new(() =>
    {
        var models = new ExportedModels();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(models.Folder, recursive: true);
        return models;
    });

    public static ExportedModels Shared => Instance.Value;

    public const int Images = 200;

    public string Folder { get; } = Directory.CreateTempSubdirectory("cnnapi-export-").FullName;
    public string ImagesFile { get; }
    public float[] Pixels { get; }
    public IReadOnlyDictionary<string, Model> Models { get; }

    /// <summary>One network: its architecture, layers, CnnApi's weights file, the exported state_dict and CnnApi's probabilities.</summary>
    public sealed record Model(Architecture Architecture, IReadOnlyList<NetworkLayer> Layers, string WeightsFile, string StateDictFile, float[] Probabilities);

    public static IEnumerable<Architecture> Architectures =>
        ArchitecturePresets.All.Select(p => p.Architecture).Concat(CoverageNetworks.All);

    public static TheoryData<string> Names => new(Architectures.Select(a => a.Name));

    private ExportedModels()
    {
        var (bytes, _, _, _) = IdxFile.ReadImages(Path.Combine(MnistTestData.Root, MnistFiles.TestImages.Name));
        Pixels = bytes.AsSpan(0, Images * Predictor.Pixels).ToArray().Select(p => p / 255f).ToArray();
        ImagesFile = Path.Combine(Folder, "images.f32");
        File.WriteAllBytes(ImagesFile, System.Runtime.InteropServices.MemoryMarshal.AsBytes(Pixels.AsSpan()).ToArray());
        var seed = 1;
        Models = Architectures.ToDictionary(a => a.Name, a => Make(a, seed++));
    }

    private Model Make(Architecture architecture, int seed)
    {
        var layers = NetworkLayers.From(architecture);
        var weights = Path.Combine(Folder, architecture.Name + ".bin");
        if (ArchitecturePresets.Find(architecture.Name) is not null)
        {
            // A preset is trained briefly by CnnApi's own trainer: the weights a user would export.
            var options = new TrainingOptions { Epochs = 1, TrainLimit = 192, TestLimit = 32, LearningRate = 0.01, BatchSize = 8, Seed = seed };
            new Trainer(layers, MnistTestData.Dataset, options).Run(weights);
        }
        else
        {
            torch.manual_seed(seed);
            using var network = NetworkBuilder.Build(layers);
            Randomise(network);
            ModelFiles.Save(network, weights);
        }
        float[] probabilities;
        using (var predictor = Predictor.Load(layers, weights))
            probabilities = predictor.Predict(Pixels);
        var stateDict = Path.Combine(Folder, architecture.Name + ".pt");
        using (var network = ModelFiles.Load(layers, weights))
        using (var file = File.Create(stateDict))
            PyTorchStateDict.Write(network, layers, file);
        return new Model(architecture, layers, weights, stateDict, probabilities);
    }

    /// <summary>Kernels keep their Glorot values; everything else (biases, scales, running statistics, PReLU slopes) turns random.</summary>
    public static void Randomise(nn.Module network)
    {
        using var noGrad = no_grad();
        foreach (var (name, tensor) in network.state_dict())
        {
            var leaf = name[(name.LastIndexOf('.') + 1)..];
            if (leaf is "running_var" or "gamma" || leaf == "weight" && tensor.dim() == 1)
                tensor.uniform_(0.5, 1.5);
            else if (leaf is "bias" or "beta" or "running_mean" or "alpha")
                tensor.uniform_(-0.3, 0.3);
        }
    }
}
