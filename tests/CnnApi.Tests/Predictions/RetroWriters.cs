using System.Buffers.Binary;

namespace CnnApi.Tests.Predictions;

/// <summary>BMP and GIF encoders for tests: SkiaSharp decodes both formats but encodes neither.</summary>
public static class RetroWriters
{
    /// <summary>A 24-bit BMP (bottom-up rows padded to 4 bytes) of 8-bit grey pixels.</summary>
    public static byte[] Bmp24(byte[] grey, int width, int height)
    {
        var rowBytes = (width * 3 + 3) & ~3;
        var bmp = new byte[54 + rowBytes * height];
        var s = bmp.AsSpan();
        (bmp[0], bmp[1]) = ((byte)'B', (byte)'M');
        BinaryPrimitives.WriteInt32LittleEndian(s[2..], bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(s[10..], 54);
        BinaryPrimitives.WriteInt32LittleEndian(s[14..], 40);
        BinaryPrimitives.WriteInt32LittleEndian(s[18..], width);
        BinaryPrimitives.WriteInt32LittleEndian(s[22..], height);
        BinaryPrimitives.WriteInt16LittleEndian(s[26..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(s[28..], 24);
        BinaryPrimitives.WriteInt32LittleEndian(s[34..], rowBytes * height);
        for (var y = 0; y < height; y++)
        {
            var row = 54 + (height - 1 - y) * rowBytes;
            for (var x = 0; x < width; x++)
            {
                var v = grey[y * width + x];
                (bmp[row + 3 * x], bmp[row + 3 * x + 1], bmp[row + 3 * x + 2]) = (v, v, v);
            }
        }
        return bmp;
    }

    /// <summary>
    /// A GIF89a with a 256-entry grey palette. The LZW stream sends a clear code every 254 pixels,
    /// so codes never outgrow 9 bits: an "uncompressed" GIF that every decoder must accept.
    /// </summary>
    public static byte[] Gif(byte[] grey, int width, int height)
    {
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        Short(gif, width);
        Short(gif, height);
        gif.Write([0xF7, 0, 0]); // global colour table of 2^(7+1) entries
        for (var i = 0; i < 256; i++)
        {
            gif.Write([(byte)i, (byte)i, (byte)i]);
        }
        gif.WriteByte(0x2C);
        Short(gif, 0);
        Short(gif, 0);
        Short(gif, width);
        Short(gif, height);
        gif.WriteByte(0);
        gif.WriteByte(8); // LZW minimum code size
        var codes = new List<int> { 256 };
        for (var i = 0; i < grey.Length; i++)
        {
            if (i > 0 && i % 254 == 0)
            {
                codes.Add(256);
            }
            codes.Add(grey[i]);
        }
        codes.Add(257);
        var packed = Pack(codes, 9);
        for (var at = 0; at < packed.Length; at += 255)
        {
            var n = Math.Min(255, packed.Length - at);
            gif.WriteByte((byte)n);
            gif.Write(packed, at, n);
        }
        gif.Write([0, 0x3B]);
        return gif.ToArray();
    }

    private static byte[] Pack(List<int> codes, int bits)
    {
        var output = new List<byte>();
        int buffer = 0, filled = 0;
        foreach (var code in codes)
        {
            buffer |= code << filled;
            filled += bits;
            while (filled >= 8)
            {
                output.Add((byte)buffer);
                buffer >>= 8;
                filled -= 8;
            }
        }
        if (filled > 0)
        {
            output.Add((byte)buffer);
        }
        return output.ToArray();
    }

    private static void Short(Stream s, int v)
    {
        s.WriteByte((byte)v);
        s.WriteByte((byte)(v >> 8));
    }
}
