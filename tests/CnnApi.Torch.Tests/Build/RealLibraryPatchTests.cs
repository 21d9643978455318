using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace CnnApi.Torch.Tests.Build;

/// <summary>Runs the patch on copies of the real TorchSharp library, in a temp dir, never on the output file.</summary>
public sealed class RealLibraryPatchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("elf-weak-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // A hard link like the build's output copy: the patch must leave the other name's bytes alone.
    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int HardLink(string existing, string newPath);

    [Fact]
    public void MarkWeakInFile_CopyOfLibTorchSharp_SetsFlagOnlyAndSecondRunIsNoOp()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        var copy = Path.Combine(_dir, "libLibTorchSharp.so");
        File.Copy(source, copy);
        var original = File.ReadAllBytes(copy);
        var unpatched = (byte[])original.Clone();
        var need = ElfVersions.ReadNeeds(unpatched).Single(n => n.Name == "GLIBCXX_3.4.32");
        // The output copy may already be patched by the build: start from the unpatched bytes.
        unpatched[need.FlagsOffset] &= unchecked((byte)~ElfVersions.VerFlgWeak);
        File.WriteAllBytes(copy, unpatched);
        var link = Path.Combine(_dir, "hard-link.so");
        Assert.Equal(0, HardLink(copy, link));

        Assert.Equal(1, ElfVersions.MarkWeakInFile(copy, "libstdc++.so.6", "GLIBCXX_3.4.32"));

        var patched = File.ReadAllBytes(copy);
        Assert.Equal(unpatched.Length, patched.Length);
        Assert.Equal(new[] { need.FlagsOffset }, Enumerable.Range(0, patched.Length).Where(i => patched[i] != unpatched[i]).Select(i => (long)i));
        Assert.Equal(ElfVersions.VerFlgWeak, ElfVersions.ReadNeeds(patched).Single(n => n.Name == "GLIBCXX_3.4.32").Flags);
        Assert.Equal(SHA256.HashData(unpatched), SHA256.HashData(File.ReadAllBytes(link)));
        var hash = SHA256.HashData(patched);
        Assert.Equal(0, ElfVersions.MarkWeakInFile(copy, "libstdc++.so.6", "GLIBCXX_3.4.32"));
        Assert.Equal(hash, SHA256.HashData(File.ReadAllBytes(copy)));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }
}
