namespace CnnApi.WebPage;

/// <summary>
/// The page at <c>/</c>: plain HTML, CSS and JavaScript modules from <c>wwwroot</c>, no build step, nothing from a CDN.
/// Files are not fingerprinted, so browsers revalidate them on each use (<c>no-cache</c>, answered 304 through the
/// ETag) and never mix modules of two versions after an upgrade. The HTML carries a Content-Security-Policy that
/// allows only this origin: the page works offline and cannot be made to load anything else.
/// </summary>
public static class WebPageSetup
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public static WebApplication UseWebPage(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.CacheControl = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
            },
        });
        return app;
    }
}
