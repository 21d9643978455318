using System.Text;

namespace CnnApi.Torch.Tests.Build;

/// <summary>
/// Writes the smallest ELF64 little-endian file ElfVersions reads: a header, a string table, and either a
/// version-needs section (one Verneed with the given Vernaux names) or a version-definitions section.
/// </summary>
internal static class SyntheticElf
{
    public static byte[] WithNeeds(string file, params (string Name, ushort Flags)[] needs)
    {
        var names = new[] { file }.Concat(needs.Select(n => n.Name)).ToArray();
        var (strtab, offsets) = StringTable(names);
        var section = new List<byte>();
        section.AddRange(U16(1)); section.AddRange(U16((ushort)needs.Length));
        section.AddRange(U32(offsets[0])); section.AddRange(U32(16)); section.AddRange(U32(0));
        for (int i = 0; i < needs.Length; i++)
        {
            section.AddRange(U32(0)); section.AddRange(U16(needs[i].Flags)); section.AddRange(U16((ushort)(i + 2)));
            section.AddRange(U32(offsets[i + 1])); section.AddRange(U32(i == needs.Length - 1 ? 0u : 16u));
        }
        return Assemble(strtab, section.ToArray(), 0x6ffffffe, info: 1);
    }

    public static byte[] WithDefinitions(params string[] versions)
    {
        var (strtab, offsets) = StringTable(versions);
        var section = new List<byte>();
        for (int i = 0; i < versions.Length; i++)
        {
            // Verdef (20 bytes) followed by its single Verdaux (8 bytes).
            section.AddRange(U16(1)); section.AddRange(U16(0)); section.AddRange(U16((ushort)(i + 1))); section.AddRange(U16(1));
            section.AddRange(U32(0)); section.AddRange(U32(20)); section.AddRange(U32(i == versions.Length - 1 ? 0u : 28u));
            section.AddRange(U32(offsets[i])); section.AddRange(U32(0));
        }
        return Assemble(strtab, section.ToArray(), 0x6ffffffd, info: (uint)versions.Length);
    }

    private static byte[] Assemble(byte[] strtab, byte[] section, uint type, uint info)
    {
        int strOffset = 64, secOffset = Align(strOffset + strtab.Length), shOffset = Align(secOffset + section.Length);
        var elf = new byte[shOffset + 3 * 64];
        elf[0] = 0x7f; elf[1] = (byte)'E'; elf[2] = (byte)'L'; elf[3] = (byte)'F'; elf[4] = 2; elf[5] = 1; elf[6] = 1;
        Put(elf, 0x28, BitConverter.GetBytes((ulong)shOffset));
        Put(elf, 0x3A, U16(64)); Put(elf, 0x3C, U16(3));
        strtab.CopyTo(elf, strOffset);
        section.CopyTo(elf, secOffset);
        SectionHeader(elf, shOffset + 64, type: 3, offset: strOffset, size: strtab.Length, link: 0, info: 0);
        SectionHeader(elf, shOffset + 128, type, offset: secOffset, size: section.Length, link: 1, info);
        return elf;
    }

    private static void SectionHeader(byte[] elf, int at, uint type, int offset, int size, uint link, uint info)
    {
        Put(elf, at + 4, U32(type));
        Put(elf, at + 0x18, BitConverter.GetBytes((ulong)offset));
        Put(elf, at + 0x20, BitConverter.GetBytes((ulong)size));
        Put(elf, at + 0x28, U32(link));
        Put(elf, at + 0x2C, U32(info));
    }

    private static (byte[] Bytes, uint[] Offsets) StringTable(string[] names)
    {
        var bytes = new List<byte> { 0 };
        var offsets = new uint[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            offsets[i] = (uint)bytes.Count;
            bytes.AddRange(Encoding.ASCII.GetBytes(names[i])); bytes.Add(0);
        }
        return (bytes.ToArray(), offsets);
    }

    private static int Align(int n) => (n + 7) & ~7;
    private static void Put(byte[] target, int at, byte[] value) => value.CopyTo(target, at);
    private static byte[] U16(ushort v) => BitConverter.GetBytes(v);
    private static byte[] U32(uint v) => BitConverter.GetBytes(v);
}
