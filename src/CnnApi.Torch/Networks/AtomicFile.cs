namespace CnnApi.Torch.Networks;

/// <summary>
/// Writes a file through a sibling temp file and a rename, so readers see the old file or the whole new one;
/// the step names the write for <see cref="FileSteps"/>.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write, string step)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                FileSteps.Reached?.Invoke(step, temp);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
