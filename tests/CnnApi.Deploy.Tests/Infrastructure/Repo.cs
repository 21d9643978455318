// The deployment targets Linux containers; these tests use setpriv, /proc and Unix file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace CnnApi.Deploy.Tests.Infrastructure;

/// <summary>The repository these tests check: its root (above the test binaries) and files in it.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    /// <summary>MNIST as ./test.sh leaves it: <c>MNIST_ROOT</c>, else <c>data/datasets</c>.</summary>
    public static string MnistRoot { get; } = Environment.GetEnvironmentVariable("MNIST_ROOT") is { Length: > 0 } root
        ? root : PathOf("data", "datasets");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CnnApi.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Tests must run inside the repository (CnnApi.sln not found above the test binaries).");
    }
}
