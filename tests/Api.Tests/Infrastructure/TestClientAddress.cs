using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>
/// TestServer reports no client address, so every test would be the same client. This filter, installed by the
/// test factories only, lets a request name its address in a header; production code never sees the header.
/// </summary>
public sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    private static int _issued;

    /// <summary>An address no other test has used: 10.x.y.z.</summary>
    public static string NewAddress()
    {
        var n = Interlocked.Increment(ref _issued);
        return $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}";
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(static (context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var value) && IPAddress.TryParse(value, out var address))
                context.Connection.RemoteIpAddress = address;
            return nextMiddleware(context);
        });
        next(app);
    };
}
