using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace CnnApi.Logging;

/// <summary>Serilog: console, request logging, structured properties; <c>Logging:Json=true</c> writes compact JSON for containers.</summary>
public static class LoggingSetup
{
    public static WebApplicationBuilder AddLogging(this WebApplicationBuilder builder)
    {
        var json = builder.Configuration.GetValue("Logging:Json", false);
        // No CreateBootstrapLogger(): its static logger freezes once and breaks a second WebApplicationFactory.
        builder.Services.AddSerilog((services, lc) =>
        {
            lc.ReadFrom.Configuration(builder.Configuration)
              .ReadFrom.Services(services)
              .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
              .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
              .Enrich.FromLogContext();
            // The console is slow; an async sink keeps request threads from waiting on it (drops, never blocks, when 10k behind).
            if (json) lc.WriteTo.Async(a => a.Console(new CompactJsonFormatter()), bufferSize: 10_000);
            else lc.WriteTo.Async(a => a.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}"), bufferSize: 10_000);
        });
        return builder;
    }

    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
            options.GetLevel = (http, _, ex) => ex is not null || http.Response.StatusCode >= 500 ? LogEventLevel.Error
                : http.Request.Path.StartsWithSegments("/health") || http.Request.Path.StartsWithSegments("/metrics") ? LogEventLevel.Verbose
                : LogEventLevel.Information);
        return app;
    }
}
