using System.Globalization;

namespace CnnApi.Browser.Tests.Infrastructure;

/// <summary>
/// The page's number formats (ui.js and estimate.js), so a test can compare what the page shows with the API's own numbers.
/// </summary>
public static class PageFormats
{
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    /// <summary>ui.js <c>fmt</c>: 12,345.</summary>
    public static string Number(long n) => n.ToString("N0", Us);

    /// <summary>ui.js <c>percent</c>: 93.4 %.</summary>
    public static string Percent(double x, int digits = 1) => (x * 100).ToString("F" + digits, CultureInfo.InvariantCulture) + " %";

    /// <summary>ui.js <c>bytes</c>: 1024-based, one decimal below 100.</summary>
    public static string Bytes(long n)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double v = n;
        int i = 0;
        while (Math.Abs(v) >= 1024 && i < units.Length - 1) { v /= 1024; i++; }
        return i == 0 ? $"{n} B" : v.ToString(v >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture) + " " + units[i];
    }

    /// <summary>estimate.js <c>duration</c>: 0.42 s, 3.1 s, 12 s, 3 min 05 s, 1 h 05 min.</summary>
    public static string Duration(double seconds)
    {
        if (seconds < 10) return seconds.ToString(seconds < 1 ? "F2" : "F1", CultureInfo.InvariantCulture) + " s";
        var s = (long)Math.Round(seconds, MidpointRounding.AwayFromZero);
        if (s < 60) return $"{s} s";
        if (s < 3600) return $"{s / 60} min {s % 60:00} s";
        return $"{s / 3600} h {s % 3600 / 60:00} min";
    }
}
