using Microsoft.Extensions.Options;

namespace CnnApi.Auth;

/// <summary>API-key protection of the mutating endpoints.</summary>
public static class AuthSetup
{
    public static WebApplicationBuilder AddAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration("Auth").ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddSingleton<ApiKeyFilter>();
        return builder;
    }

    /// <summary>Requires a valid <c>X-Api-Key</c> on this endpoint.</summary>
    public static RouteHandlerBuilder RequireApiKey(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter<ApiKeyFilter>()
                .WithMetadata(new RequiresApiKeyMetadata())
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status403Forbidden);
}
