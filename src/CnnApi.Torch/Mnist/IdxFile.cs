using System.Buffers.Binary;

namespace CnnApi.Torch.Mnist;

/// <summary>
/// Parses IDX files (big-endian header: two zero bytes, type 0x08 = unsigned byte, number of dimensions,
/// then one 32-bit size per dimension) as MNIST uses them, checking the header against the file length.
/// </summary>
internal static class IdxFile
{
    /// <summary>Images: dimensions [count, rows, cols], pixels row-major.</summary>
    public static (byte[] Pixels, int Count, int Rows, int Cols) ReadImages(string path)
    {
        var (data, dims) = Read(path, expectedDimensions: 3);
        return (data, dims[0], dims[1], dims[2]);
    }

    /// <summary>Labels: one byte per image, each 0 to 9.</summary>
    public static byte[] ReadLabels(string path)
    {
        var (data, _) = Read(path, expectedDimensions: 1);
        int bad = Array.FindIndex(data, b => b > 9);
        if (bad >= 0) throw new MnistDataException($"{path}: label {bad} is {data[bad]}, not a digit 0-9");
        return data;
    }

    private static (byte[] Data, int[] Dims) Read(string path, int expectedDimensions)
    {
        if (!File.Exists(path)) throw new MnistDataException($"{path}: file not found");
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = 4 + 4 * expectedDimensions;
        if (bytes.Length < headerLength)
            throw new MnistDataException($"{path}: {bytes.Length} bytes, shorter than the {headerLength}-byte IDX header");
        if (bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08 || bytes[3] != expectedDimensions)
            throw new MnistDataException($"{path}: magic number {Convert.ToHexString(bytes, 0, 4)} is not IDX unsigned-byte " +
                                         $"with {expectedDimensions} dimension(s) (000008{expectedDimensions:X2})");
        var dims = new int[expectedDimensions];
        long expected = headerLength;
        long elements = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (dims[i] <= 0) throw new MnistDataException($"{path}: dimension {i} is {dims[i]}");
            elements *= dims[i];
        }
        expected += elements;
        if (bytes.Length != expected)
            throw new MnistDataException($"{path}: {bytes.Length} bytes, but its header [{string.Join(", ", dims)}] " +
                                         $"means {expected} (truncated or corrupt)");
        return (bytes[headerLength..], dims);
    }
}
