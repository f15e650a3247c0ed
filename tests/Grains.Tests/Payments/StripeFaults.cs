using System.Net;
using System.Text;

namespace EShop.Grains.Tests.Payments;

/// <summary>
/// What goes wrong between the silo and Stripe, shared by every <see cref="StripeFaultHandler"/> the client factory
/// builds: an outage (503 before Stripe), answers lost after Stripe acted, or a share of calls meeting a random
/// fault: a 503 from a proxy, a hang, or a slow answer (often slower than the attempt timeout, so lost too).
/// </summary>
public sealed class StripeFaults
{
    private int _injected;

    public bool Outage { get; set; }

    /// <summary>Every call reaches Stripe, which acts on it, and its answer never comes back.</summary>
    public bool LoseAnswers { get; set; }

    /// <summary>The share of calls (0..1) that meet a random fault.</summary>
    public double Rate { get; set; }

    /// <summary>A slow answer takes up to this long after Stripe's.</summary>
    public TimeSpan Slowest { get; set; } = TimeSpan.FromSeconds(1.5);

    public int Injected => Volatile.Read(ref _injected);

    public void Reset() => (Outage, LoseAnswers, Rate) = (false, false, 0);

    internal StripeFault Next()
    {
        if (Outage)
            return Count(StripeFault.ServerError);
        if (LoseAnswers)
            return Count(StripeFault.LostAnswer);
        var draw = Random.Shared.NextDouble();
        return draw >= Rate ? StripeFault.None : Count((StripeFault)(1 + (int)(3 * draw / Rate)));
    }

    private StripeFault Count(StripeFault fault)
    {
        Interlocked.Increment(ref _injected);
        return fault;
    }
}

internal enum StripeFault
{
    None,
    ServerError,
    Hang,
    SlowAnswer,
    LostAnswer,
}

/// <summary>Below the resilience pipeline, above the network: each attempt meets <see cref="StripeFaults"/>.</summary>
public sealed class StripeFaultHandler(StripeFaults faults) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        switch (faults.Next())
        {
            case StripeFault.ServerError:
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
                {
                    Content = new StringContent(StripeFake.Error("api_error"), Encoding.UTF8, "application/json"),
                };
            case StripeFault.Hang:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
            case StripeFault.SlowAnswer:
                return await Slowly(await base.SendAsync(request, cancellationToken), Random.Shared.NextDouble() * faults.Slowest, cancellationToken);
            case StripeFault.LostAnswer:
                return await Slowly(await base.SendAsync(request, cancellationToken), Timeout.InfiniteTimeSpan, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private static async Task<HttpResponseMessage> Slowly(HttpResponseMessage response, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
