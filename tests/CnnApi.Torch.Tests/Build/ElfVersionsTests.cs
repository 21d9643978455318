namespace CnnApi.Torch.Tests.Build;

public sealed class ElfVersionsTests
{
    private const string Libstdcxx = "libstdc++.so.6";
    private const string Glibcxx32 = "GLIBCXX_3.4.32";

    [Fact]
    public void ReadNeeds_SyntheticElf_ListsEveryVernaux()
    {
        var elf = SyntheticElf.WithNeeds(Libstdcxx, ("GLIBCXX_3.4.30", 0), (Glibcxx32, 0));

        var needs = ElfVersions.ReadNeeds(elf);

        Assert.Equal(new[] { "GLIBCXX_3.4.30", Glibcxx32 }, needs.Select(n => n.Name));
        Assert.All(needs, n => Assert.Equal(Libstdcxx, n.File));
    }

    [Fact]
    public void MarkWeak_SyntheticElf_SetsOnlyThatFlagAndIsIdempotent()
    {
        var elf = SyntheticElf.WithNeeds(Libstdcxx, ("GLIBCXX_3.4.30", 0), (Glibcxx32, 0));
        var before = (byte[])elf.Clone();

        Assert.Equal(1, ElfVersions.MarkWeak(elf, Libstdcxx, Glibcxx32));
        var needs = ElfVersions.ReadNeeds(elf);
        Assert.Equal(ElfVersions.VerFlgWeak, needs.Single(n => n.Name == Glibcxx32).Flags);
        Assert.Equal(0, needs.Single(n => n.Name == "GLIBCXX_3.4.30").Flags);
        Assert.Equal(1, before.Zip(elf).Count(p => p.First != p.Second));
        Assert.Equal(0, ElfVersions.MarkWeak(elf, Libstdcxx, Glibcxx32));
    }

    [Fact]
    public void MarkWeak_OtherProviderFile_ChangesNothing()
    {
        var elf = SyntheticElf.WithNeeds("libc.so.6", (Glibcxx32, 0));

        Assert.Equal(0, ElfVersions.MarkWeak(elf, Libstdcxx, Glibcxx32));
    }

    [Fact]
    public void Defines_SyntheticVerdef_FindsOnlyDefinedVersions()
    {
        var elf = SyntheticElf.WithDefinitions(Libstdcxx, "GLIBCXX_3.4.30", "GLIBCXX_3.4.31");

        Assert.True(ElfVersions.Defines(elf, "GLIBCXX_3.4.30"));
        Assert.False(ElfVersions.Defines(elf, "GLIBCXX_3.4.3"));
        Assert.False(ElfVersions.Defines(elf, Glibcxx32));
    }

    [Fact]
    public void ReadNeeds_NotAnElf_Throws()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersions.ReadNeeds(new byte[100]));
    }
}
