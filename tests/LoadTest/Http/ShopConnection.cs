using System.Diagnostics;
using System.Globalization;
using System.Net;
using EShop.Client;
using EShop.LoadTest.Measurement;

namespace EShop.LoadTest.Http;

/// <summary>
/// One simulated client (or the admin) as the load sees the shop: its own <see cref="EShopClient"/>, holding its
/// token, over the HttpClient of its source address, with a deadline on every call. Every call is recorded under an
/// operation name; nothing here throws for an HTTP error or a timeout: the outcome says so.
/// </summary>
public sealed class ShopConnection(HttpClient http, TimeSpan requestTimeout, RunRecorder recorder) : IDisposable
{
    private readonly EShopClient _client = new(http);

    public RunRecorder Recorder => recorder;

    /// <summary>An HttpClient to <paramref name="url"/> whose connections leave from <paramref name="source"/> (the default address if null).</summary>
    public static HttpClient Http(Uri url, IPAddress? source) =>
        // HttpClient's own timeout is off: each call gets its own deadline in Call, so that a timeout can be told apart.
        new(ClientAddresses.Handler(source)) { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Sends <paramref name="accessToken"/>, issued by the shop's Development route, on this client's calls.</summary>
    public void UseAccessToken(string accessToken) => _client.UseAccessToken(accessToken);

    /// <summary>
    /// Runs <paramref name="call"/> within <paramref name="timeout"/> (default --request-timeout) and records it under
    /// <paramref name="operation"/>. Only the caller's own cancellation throws.
    /// </summary>
    public async Task<Outcome<T>> Call<T>(string operation, Func<EShopClient, CancellationToken, Task<T>> call,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? requestTimeout);
        var started = Stopwatch.GetTimestamp();
        Outcome<T> outcome;
        try
        {
            outcome = new Outcome<T>(await call(_client, deadline.Token), null);
        }
        catch (EShopApiException refused)
        {
            outcome = new Outcome<T>(default, ((int)refused.Status).ToString(CultureInfo.InvariantCulture), refused.Status, refused.RetryAfter);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = new Outcome<T>(default, Failures.Timeout);
        }
        catch (HttpRequestException)
        {
            outcome = new Outcome<T>(default, Failures.Network);
        }

        recorder.Record(operation, started, Stopwatch.GetElapsedTime(started), outcome.Error);
        return outcome;
    }

    /// <summary>Disposes the client; the HttpClient belongs to whoever made it (several connections may share one).</summary>
    public void Dispose() => _client.Dispose();
}
