using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace CnnApi.Security;

/// <summary>
/// What protects the host as a whole: per-client rate limits, Kestrel's limits on slow clients, security headers on
/// every answer, CORS closed unless origins are configured, and the client's address taken from a reverse proxy's
/// headers only when that proxy is configured. (API keys are in Auth/, body limits with each feature.)
/// </summary>
public static class SecuritySetup
{
    public const string CorsPolicy = "configured-origins";

    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration("RateLimits").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ConnectionLimitOptions>().BindConfiguration("Limits").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<CorsOptions>().BindConfiguration("Cors");
        builder.Services.AddOptions<TrainingJobs.EventStreamOptions>().BindConfiguration("EventStreams").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TrainingJobs.EventStreamGate>();
        builder.Services.AddRateLimits();
        AddForwardedHeaders(builder);
        builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelLimits>();
        var origins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        builder.Services.AddCors(options => options.AddPolicy(CorsPolicy, policy =>
        {
            // No origins: no CORS headers at all, so browsers keep other sites' pages out.
            if (origins.Length > 0) policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Location", "Retry-After");
        }));
        return builder;
    }

    /// <summary>
    /// Believes <c>X-Forwarded-For</c>/<c>-Proto</c> from the configured proxies only (the last address a trusted proxy
    /// added: one hop), so each client behind an ingress gets its own rate-limit buckets. A malformed entry stops the start.
    /// </summary>
    private static void AddForwardedHeaders(WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("ForwardedHeaders").Get<ForwardedHeadersSettings>() ?? new();
        var proxies = settings.KnownProxies.Select((p, i) => IPAddress.TryParse(p, out var a) ? a
            : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies:{i} '{p}' is not an IP address")).ToList();
        var networks = settings.KnownNetworks.Select((n, i) => System.Net.IPNetwork.TryParse(n, out var net) ? net
            : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks:{i} '{n}' is not a network in CIDR form (10.244.0.0/16)")).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = proxies.Count + networks.Count > 0 ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            o.KnownProxies.Clear();  // the default trusts loopback: only what is configured counts
            o.KnownIPNetworks.Clear();
            foreach (var p in proxies) o.KnownProxies.Add(p);
            foreach (var n in networks) o.KnownIPNetworks.Add(n);
        });
    }

    public static WebApplication UseSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();  // first: the limiter and the request log read the client's address
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            // Swagger UI needs its own scripts and styles; every other answer is data and may load nothing.
            if (!context.Request.Path.StartsWithSegments("/swagger"))
                headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            await next(context);
        });
        app.UseCors(CorsPolicy);
        app.UseRateLimiter();
        return app;
    }

    private sealed class KestrelLimits(IOptions<ConnectionLimitOptions> limits, IConfiguration configuration) : IConfigureOptions<KestrelServerOptions>
    {
        public void Configure(KestrelServerOptions options)
        {
            // Kestrel's own keys (Kestrel:Limits:MaxRequestBodySize, …) as documented; the host does not bind them by itself.
            configuration.GetSection("Kestrel:Limits").Bind(options.Limits);
            var o = limits.Value;
            options.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(o.RequestHeadersTimeoutSeconds);
            options.Limits.MinRequestBodyDataRate = new MinDataRate(o.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(o.MinRequestBodyGraceSeconds));
            options.AddServerHeader = false;
        }
    }
}
