namespace CnnApi.Auth;

/// <summary>Bound from "Auth": keys accepted in the <c>X-Api-Key</c> header of mutating endpoints.</summary>
public sealed class AuthOptions
{
    public List<string> ApiKeys { get; set; } = [];
}
