// Compiled twice: by MSBuild's RoslynCodeTaskFactory (build/TorchSharpGlibcxx.targets), which has no
// namespace-level usings and defines nothing, and by CnnApi.Torch.Tests, which defines
// CNNAPI_ELF_PURE so the MSBuild task class (and its Microsoft.Build references) stays out.
// The task factory compiles against netstandard reference assemblies: no records, no newer File APIs.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

/// <summary>
/// Reads and patches the ELF64 little-endian version sections that decide whether the dynamic loader
/// accepts a shared library: version needs (<c>.gnu.version_r</c>) of the library and version
/// definitions (<c>.gnu.version_d</c>) of the library that should provide them.
/// </summary>
public static class ElfVersions
{
    public const uint ShtGnuVerdef = 0x6ffffffd;
    public const uint ShtGnuVerneed = 0x6ffffffe;
    public const ushort VerFlgWeak = 0x2;

    /// <summary>One Vernaux entry: the required version name, its flags and where the flags live.</summary>
    public sealed class VersionNeed
    {
        public VersionNeed(string file, string name, ushort flags, long flagsOffset)
        {
            File = file; Name = name; Flags = flags; FlagsOffset = flagsOffset;
        }

        public string File { get; }
        public string Name { get; }
        public ushort Flags { get; }
        public long FlagsOffset { get; }
    }

    /// <summary>Every version a library requires, with the file it requires it from.</summary>
    public static List<VersionNeed> ReadNeeds(byte[] elf)
    {
        var needs = new List<VersionNeed>();
        foreach (var (offset, count, strtab) in Sections(elf, ShtGnuVerneed))
        {
            long vn = offset;
            for (int i = 0; i < count; i++)
            {
                ushort cnt = U16(elf, vn + 2);
                string file = Str(elf, strtab, U32(elf, vn + 4));
                long aux = vn + U32(elf, vn + 8);
                for (int j = 0; j < cnt; j++)
                {
                    needs.Add(new VersionNeed(file, Str(elf, strtab, U32(elf, aux + 8)), U16(elf, aux + 4), aux + 4));
                    uint nextAux = U32(elf, aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                uint next = U32(elf, vn + 12);
                if (next == 0) break;
                vn += next;
            }
        }
        return needs;
    }

    /// <summary>Every version name a library defines (its own soname entry included).</summary>
    public static List<string> ReadDefinitions(byte[] elf)
    {
        var names = new List<string>();
        foreach (var (offset, count, strtab) in Sections(elf, ShtGnuVerdef))
        {
            long vd = offset;
            for (int i = 0; i < count; i++)
            {
                ushort cnt = U16(elf, vd + 6);
                long aux = vd + U32(elf, vd + 12);
                for (int j = 0; j < cnt; j++)
                {
                    names.Add(Str(elf, strtab, U32(elf, aux)));
                    uint nextAux = U32(elf, aux + 4);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                uint next = U32(elf, vd + 16);
                if (next == 0) break;
                vd += next;
            }
        }
        return names;
    }

    /// <summary>
    /// True when <paramref name="elf"/> defines <paramref name="version"/>. Falls back to looking for the
    /// exact NUL-terminated string when the file has no version definitions section.
    /// </summary>
    public static bool Defines(byte[] elf, string version)
    {
        var defs = ReadDefinitions(elf);
        if (defs.Count > 0) return defs.Contains(version);
        return IndexOf(elf, Encoding.ASCII.GetBytes("\0" + version + "\0")) >= 0;
    }

    /// <summary>
    /// Sets VER_FLG_WEAK on every need of <paramref name="version"/> from <paramref name="file"/>.
    /// Returns how many entries it changed: 0 when there is none or they are already weak.
    /// </summary>
    public static int MarkWeak(byte[] elf, string file, string version)
    {
        int changed = 0;
        foreach (var need in ReadNeeds(elf))
        {
            if (need.File != file || need.Name != version || (need.Flags & VerFlgWeak) != 0) continue;
            ushort flags = (ushort)(need.Flags | VerFlgWeak);
            elf[need.FlagsOffset] = (byte)flags;
            elf[need.FlagsOffset + 1] = (byte)(flags >> 8);
            changed++;
        }
        return changed;
    }

    /// <summary>
    /// Patches the file at <paramref name="path"/> by writing a sibling temp file and renaming it over the
    /// original: the original may be a hard link into the NuGet cache, which must never be written through.
    /// </summary>
    public static int MarkWeakInFile(string path, string file, string version)
    {
        byte[] elf = File.ReadAllBytes(path);
        int changed = MarkWeak(elf, file, version);
        if (changed == 0) return 0;
        string temp = path + ".weak-" + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            // Copy first so the temp file has the original's permissions, then rewrite and rename it over.
            File.Copy(path, temp);
            File.WriteAllBytes(temp, elf);
            // Same size and timestamp as the NuGet copy, so an incremental build's Copy skips the file
            // instead of re-linking and re-patching it each time.
            File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(path));
            File.Replace(temp, path, null);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return changed;
    }

    private static IEnumerable<(long Offset, uint Count, long StrtabOffset)> Sections(byte[] elf, uint type)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only 64-bit little-endian ELF is supported");
        long shoff = (long)U64(elf, 0x28);
        ushort shentsize = U16(elf, 0x3A), shnum = U16(elf, 0x3C);
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (U32(elf, sh + 4) != type) continue;
            long link = shoff + (long)U32(elf, sh + 0x28) * shentsize;
            yield return ((long)U64(elf, sh + 0x18), U32(elf, sh + 0x2C), (long)U64(elf, link + 0x18));
        }
    }

    private static string Str(byte[] elf, long strtab, uint index)
    {
        long start = strtab + index, end = start;
        while (elf[end] != 0) end++;
        return Encoding.ASCII.GetString(elf, (int)start, (int)(end - start));
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }
    private static ushort U16(byte[] b, long o) => BitConverter.ToUInt16(b, checked((int)o));
    private static uint U32(byte[] b, long o) => BitConverter.ToUInt32(b, checked((int)o));
    private static ulong U64(byte[] b, long o) => BitConverter.ToUInt64(b, checked((int)o));
}

#if !CNNAPI_ELF_PURE
/// <summary>
/// MSBuild task: when the host's libstdc++ lacks <see cref="Version"/>, marks that requirement weak in
/// the given output copies of a library (TorchSharp's libLibTorchSharp.so needs it for one symbol only).
/// </summary>
public sealed class WeakenGlibcxxRequirement : Microsoft.Build.Utilities.Task
{
    private static readonly string[] LibstdcxxPaths =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
    };

    [Microsoft.Build.Framework.Required] public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();
    public string Version { get; set; } = "GLIBCXX_3.4.32";
    public string Provider { get; set; } = "libstdc++.so.6";

    public override bool Execute()
    {
        string? libstdcxx = FindLibstdcxx();
        if (libstdcxx == null)
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "No libstdc++.so.6 found; nothing to weaken.");
            return true;
        }
        if (ElfVersions.Defines(File.ReadAllBytes(libstdcxx), Version))
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, $"{libstdcxx} defines {Version}; nothing to weaken.");
            return true;
        }
        foreach (var item in Files)
        {
            string path = item.GetMetadata("FullPath");
            if (!File.Exists(path)) continue;
            int changed = ElfVersions.MarkWeakInFile(path, Provider, Version);
            if (changed > 0)
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                    $"TorchSharp: {libstdcxx} lacks {Version}; marked that requirement weak in {path} (the NuGet cache copy is untouched).");
        }
        return !Log.HasLoggedErrors;
    }

    private static string? FindLibstdcxx()
    {
        foreach (string path in LibstdcxxPaths)
            if (File.Exists(path)) return path;
        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo("ldconfig", "-p") { RedirectStandardOutput = true, UseShellExecute = false };
            using var process = System.Diagnostics.Process.Start(psi);
            if (process == null) return null;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            foreach (string line in output.Split('\n'))
                if (line.Contains("libstdc++.so.6 ") && line.Contains("x86-64") && line.Contains("=>"))
                    return line.Substring(line.IndexOf("=>", StringComparison.Ordinal) + 2).Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No ldconfig on this host: treat as "not found".
        }
        return null;
    }
}
#endif
