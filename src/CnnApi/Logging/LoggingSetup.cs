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
        // No CreateBootstrapLogger(): its static logger freezes once and breaks a second WebApplicationFactory. And the
        // host's own logger, not the static Log.Logger (preserveStaticLogger): with the static one, every host in a
        // process logs through the one created last, and disposing any host silences the others (tests run many hosts).
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
        }, preserveStaticLogger: true);
        return builder;
    }

    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();  // this host's, as above
            options.GetLevel = (http, _, ex) => ClientWentAway(http, ex) ? LogEventLevel.Information
                : ex is not null || http.Response.StatusCode >= 500 ? LogEventLevel.Error
                : http.Request.Path.StartsWithSegments("/health") || http.Request.Path.StartsWithSegments("/metrics") ? LogEventLevel.Verbose
                : LogEventLevel.Information;
            // The logger reports 500 for any request that ended in an exception; a client that closed the connection
            // saw no response at all, so say 499 ("client closed request", as nginx does).
            options.GetMessageTemplateProperties = (http, path, elapsed, status) =>
            [
                new LogEventProperty("RequestMethod", new ScalarValue(http.Request.Method)),
                new LogEventProperty("RequestPath", new ScalarValue(path)),
                new LogEventProperty("StatusCode", new ScalarValue(http.RequestAborted.IsCancellationRequested && status == 500 ? 499 : status)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
            ];
        });
        return app;
    }

    /// <summary>
    /// A client that closes an event stream (or any long response) cancels the request: the cancellation reaches the
    /// request logger as an exception, which it would report as an error with status 500 although no client saw one.
    /// </summary>
    private static bool ClientWentAway(HttpContext http, Exception? ex) =>
        ex is OperationCanceledException or IOException && http.RequestAborted.IsCancellationRequested;
}
