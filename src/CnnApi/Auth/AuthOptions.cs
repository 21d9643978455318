using Microsoft.Extensions.Options;

namespace CnnApi.Auth;

/// <summary>Bound from "Auth": keys accepted in the <c>X-Api-Key</c> header of mutating endpoints.</summary>
public sealed class AuthOptions
{
    public List<string> ApiKeys { get; set; } = [];
}

/// <summary>Configured keys must be long enough not to be guessed: the host refuses to start, naming the key by position.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public const int MinKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = options.ApiKeys
            .Select((key, i) => (Key: key ?? "", Index: i))
            .Where(k => k.Key.Trim().Length is > 0 and < MinKeyLength)
            .Select(k => $"Auth:ApiKeys:{k.Index} is {k.Key.Trim().Length} characters long; API keys need at least {MinKeyLength} " +
                         "(e.g. openssl rand -hex 32).")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
