using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using CnnApi.Storage;
using Microsoft.Extensions.Options;

namespace CnnApi.Auth;

/// <summary>
/// The accepted API keys: the configured ones, or else one generated at first start and kept in
/// <c>&lt;Storage:Root&gt;/api-key</c> (owner-only). Keys are compared in constant time and never logged.
/// </summary>
public sealed class ApiKeys
{
    public const string HeaderName = "X-Api-Key";
    private readonly byte[][] _hashes;

    public ApiKeys(IOptions<AuthOptions> auth, IOptions<StorageOptions> storage, ILogger<ApiKeys> logger)
    {
        var keys = auth.Value.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)).ToList();
        if (keys.Count == 0)
        {
            var file = Path.Combine(storage.Value.FullRoot(), "api-key");
            keys.Add(ReadOrCreate(file, out var created));
            logger.LogWarning(created
                ? "No Auth:ApiKeys configured: generated an API key in {KeyFile} (owner-only); send it as X-Api-Key"
                : "No Auth:ApiKeys configured: using the API key in {KeyFile}", file);
        }
        _hashes = keys.Select(Hash).ToArray();
    }

    /// <summary>True when <paramref name="presented"/> equals one of the keys; time does not depend on where they differ.</summary>
    public bool IsValid(string presented)
    {
        var hash = Hash(presented);
        var match = false;
        foreach (var known in _hashes) match |= CryptographicOperations.FixedTimeEquals(hash, known);
        return match;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string ReadOrCreate(string file, out bool created)
    {
        created = false;
        if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } existing) return existing;
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var temp = $"{file}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options)) stream.Write(Encoding.UTF8.GetBytes(key));
        try
        {
            // Replicas starting together on a shared volume must all end up with the first key written. File.Move
            // without overwrite is not that on Linux (.NET checks that the target is absent, then renames over it),
            // so publish with link(2), which fails atomically when the name exists.
            if (TryLinkNew(temp, file))
            {
                created = true;
                return key;
            }
            if (File.ReadAllText(file).Trim() is { Length: > 0 } first) return first;
            File.Move(temp, file, overwrite: true); // an empty key file (a crash mid-write): replace it
            created = true;
            return key;
        }
        finally { File.Delete(temp); }
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string created);

    /// <summary>Gives <paramref name="source"/>'s complete file the name <paramref name="target"/> unless that name exists.</summary>
    private static bool TryLinkNew(string source, string target)
    {
        if (OperatingSystem.IsWindows())
        {
            try { File.Move(source, target, overwrite: false); return true; } // MoveFileEx without REPLACE_EXISTING is atomic
            catch (IOException) when (File.Exists(target)) { return false; }
        }
        if (Link(source, target) == 0) return true;
        const int EEXIST = 17;
        var error = Marshal.GetLastPInvokeError();
        if (error == EEXIST) return false;
        throw new IOException($"Could not create {target} (errno {error}).");
    }
}
