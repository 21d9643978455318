namespace CnnApi.Tests.Infrastructure;

/// <summary>Where the tests find MNIST: <c>MNIST_ROOT</c>, else the repository's <c>data/datasets</c> (./test.sh fetches it there).</summary>
public static class TestData
{
    public static string MnistRoot { get; } = Environment.GetEnvironmentVariable("MNIST_ROOT") is { Length: > 0 } root
        ? root
        : Path.Combine(RepoRoot(), "data", "datasets");

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CnnApi.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Tests must run inside the repository (CnnApi.sln not found above the test binaries).");
    }
}
