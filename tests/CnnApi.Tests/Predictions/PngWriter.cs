using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace CnnApi.Tests.Predictions;

/// <summary>
/// A minimal PNG encoder for the layouts SkiaSharp will not write (16-bit grey, palette), so the
/// decoder is tested on real PNG variants. Filter type 0 on every row: valid, if not small.
/// </summary>
public static class PngWriter
{
    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return c;
    }).ToArray();

    /// <summary>8-bit greyscale (colour type 0).</summary>
    public static byte[] Grey8(byte[] pixels, int width, int height) => Write(width, height, 8, 0, pixels, null, null);

    /// <summary>16-bit greyscale: each 8-bit level v becomes v × 257, stored big-endian.</summary>
    public static byte[] Grey16(byte[] pixels, int width, int height)
    {
        var wide = new byte[pixels.Length * 2];
        for (var i = 0; i < pixels.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(wide.AsSpan(2 * i), (ushort)(pixels[i] * 257));
        }
        return Write(width, height, 16, 0, wide, null, null);
    }

    /// <summary>8-bit RGB (colour type 2).</summary>
    public static byte[] Rgb8(byte[] rgb, int width, int height) => Write(width, height, 8, 2, rgb, null, null);

    /// <summary>8-bit RGBA, not premultiplied (colour type 6).</summary>
    public static byte[] Rgba8(byte[] rgba, int width, int height) => Write(width, height, 8, 6, rgba, null, null);

    /// <summary>Palette image (colour type 3): indexes into RGB <paramref name="palette"/>, optional per-entry alpha.</summary>
    public static byte[] Palette(byte[] indexes, int width, int height, byte[] palette, byte[]? alpha = null) =>
        Write(width, height, 8, 3, indexes, palette, alpha);

    /// <summary>A copy of <paramref name="png"/> whose header claims another size (CRC fixed), pixel data unchanged.</summary>
    public static byte[] WithClaimedSize(byte[] png, int width, int height)
    {
        var copy = png.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(29), Crc(copy.AsSpan(12, 17)));
        return copy;
    }

    private static byte[] Write(int width, int height, int depth, byte colourType, byte[] data, byte[]? palette, byte[]? alpha)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        (header[8], header[9]) = ((byte)depth, colourType);
        Chunk(png, "IHDR", header);
        if (palette is not null)
        {
            Chunk(png, "PLTE", palette);
        }
        if (alpha is not null)
        {
            Chunk(png, "tRNS", alpha);
        }
        Chunk(png, "IDAT", Compress(data, data.Length / height));
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[] Compress(byte[] data, int rowBytes)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize))
        {
            for (var row = 0; row < data.Length / rowBytes; row++)
            {
                zlib.WriteByte(0); // filter type None
                zlib.Write(data, row * rowBytes, rowBytes);
            }
        }
        return output.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] body)
    {
        var typed = Encoding.ASCII.GetBytes(type).Concat(body).ToArray();
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, body.Length);
        png.Write(length);
        png.Write(typed);
        var tail = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, Crc(typed));
        png.Write(tail);
    }

    private static uint Crc(ReadOnlySpan<byte> typeAndBody)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in typeAndBody)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return crc ^ 0xFFFFFFFFu;
    }
}
