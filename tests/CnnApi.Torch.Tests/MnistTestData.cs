using CnnApi.Torch.Mnist;

namespace CnnApi.Torch.Tests;

/// <summary>
/// The real MNIST files for integration tests: <c>MNIST_ROOT</c>, else <c>&lt;repo&gt;/data/datasets</c>.
/// Missing files fail the test with a message saying how to get them; they never skip silently.
/// </summary>
internal static class MnistTestData
{
    private static readonly Lazy<MnistDataset> Shared = new(() => MnistDataset.Load(Root, verifyHashes: false));

    public static string Root
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("MNIST_ROOT") ?? Path.Combine(RepoRoot(), "data", "datasets");
            var bad = MnistFiles.Verify(root).Where(s => s.State != MnistFileState.Ok).ToList();
            Assert.True(bad.Count == 0, $"MNIST files not usable under {root} ({string.Join(", ", bad.Select(b => $"{b.File.Name}: {b.State}"))}). " +
                                        "Run ./test.sh (it fetches them), or set MNIST_ROOT to a folder holding the four IDX files.");
            return root;
        }
    }

    /// <summary>One loaded dataset shared by every test (loading takes a second and 220 MB).</summary>
    public static MnistDataset Dataset => Shared.Value;

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
