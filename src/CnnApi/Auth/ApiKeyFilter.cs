namespace CnnApi.Auth;

/// <summary>Endpoint filter for mutating endpoints: 401 without <c>X-Api-Key</c>, 403 with a wrong one.</summary>
public sealed class ApiKeyFilter(ApiKeys keys) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var presented = context.HttpContext.Request.Headers[ApiKeys.HeaderName].ToString();
        if (presented.Length == 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required",
                detail: $"This endpoint changes state: send a key in the {ApiKeys.HeaderName} header.");
        if (!keys.IsValid(presented))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "API key rejected",
                detail: $"The {ApiKeys.HeaderName} header does not hold an accepted key.");
        return await next(context);
    }
}

/// <summary>Marks an endpoint as needing an API key (for the filter and for Swagger's lock icon).</summary>
public sealed class RequiresApiKeyMetadata;
