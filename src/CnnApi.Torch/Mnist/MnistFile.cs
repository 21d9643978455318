namespace CnnApi.Torch.Mnist;

/// <summary>One of MNIST's four uncompressed IDX files, with the size and SHA-256 (lower-case hex) it must have.</summary>
public sealed record MnistFile(string Name, long Size, string Sha256);

/// <summary>What <see cref="MnistFiles.Verify"/> found for one file.</summary>
public enum MnistFileState { Ok, Missing, WrongSize, WrongHash }

/// <summary>The state of one file under a dataset root.</summary>
public sealed record MnistFileStatus(MnistFile File, string Path, MnistFileState State);
