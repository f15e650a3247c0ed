using Microsoft.Net.Http.Headers;

namespace EShop.Api.Storefront;

/// <summary>
/// The storefront page at <c>/</c>: static files from wwwroot (plain ES modules, no build step) that use only the
/// public API. Served before authentication and rate limits: the files are public, and the calls they make are
/// limited like any client's. <c>Storefront:Enabled=false</c> leaves it out (an API-only deployment).
/// </summary>
public static class StorefrontSetup
{
    public const string EnabledKey = "Storefront:Enabled";

    // Scripts and styles from the shop itself only, no inline code, no framing; images also from https (products may
    // name images on a CDN). What the API returns is rendered as text, and this policy is the second line behind it.
    internal const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseEShopStorefront(this WebApplication app)
    {
        if (!app.Configuration.GetValue(EnabledKey, defaultValue: true))
            return app;

        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = static context =>
            {
                var headers = context.Context.Response.Headers;
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // Revalidated on every load (the ETag makes that a 304), so a new release is seen at once.
                headers[HeaderNames.CacheControl] = "no-cache";
                if (context.File.Name.EndsWith(".html", StringComparison.Ordinal))
                {
                    headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                    headers[HeaderNames.XFrameOptions] = "DENY";
                }
            },
        });
        return app;
    }
}
