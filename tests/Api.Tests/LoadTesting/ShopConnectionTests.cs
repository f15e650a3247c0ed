using System.Net;
using System.Net.Http.Headers;
using EShop.LoadTest.Http;
using EShop.LoadTest.Measurement;

namespace EShop.Api.Tests.LoadTesting;

/// <summary>The load tester's one way to call the shop: through the typed client, every call recorded, none throwing for the shop's sake.</summary>
public sealed class ShopConnectionTests : IDisposable
{
    private readonly RunRecorder _recorder = new();
    private readonly HttpClient _http = new(new ScriptedShop()) { BaseAddress = new Uri("http://shop.test"), Timeout = Timeout.InfiniteTimeSpan };

    [Fact]
    public async Task Every_call_is_recorded_under_its_operation_with_its_status_timeout_or_network_failure_and_none_throws()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var connection = new ShopConnection(_http, TimeSpan.FromMinutes(1), _recorder);
        _recorder.StartMeasuring();

        var fine = await connection.Call("fine", (client, token) => client.GetProductAsync("fine", token), cancellationToken: cancellation);
        var busy = await connection.Call("busy", (client, token) => client.GetProductAsync("busy", token), cancellationToken: cancellation);
        var slow = await connection.Call("slow", (client, token) => client.GetProductAsync("slow", token), TimeSpan.FromMilliseconds(100), cancellation);
        var down = await connection.Call("down", (client, token) => client.GetProductAsync("down", token), cancellationToken: cancellation);

        Assert.True(fine.Ok);
        Assert.Equal("fine", fine.Value.ProductId);
        Assert.Equal(("503", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(2)), (busy.Error, busy.Status, busy.RetryAfter));
        Assert.Equal((Failures.Timeout, true), (slow.Error, slow.Unanswered));
        Assert.Equal((Failures.Network, true), (down.Error, down.Unanswered));
        Assert.Equal(
            new Dictionary<string, string>(StringComparer.Ordinal) { ["fine"] = "", ["busy"] = "503", ["slow"] = Failures.Timeout, ["down"] = Failures.Network },
            _recorder.ByOperation().ToDictionary(o => o.Key, o => string.Join(',', o.Value.Snapshot().Errors.Keys), StringComparer.Ordinal));
    }

    [Fact]
    public async Task Only_the_callers_own_cancellation_throws()
    {
        using var connection = new ShopConnection(_http, TimeSpan.FromMinutes(1), _recorder);
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.Call("slow", (client, token) => client.GetProductAsync("slow", token), cancellationToken: stop.Token));
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A shop that answers by the product id asked for: a product, a busy 503, never, or not at all.</summary>
    private sealed class ScriptedShop : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            switch (request.RequestUri!.Segments[^1])
            {
                case "fine":
                    return new HttpResponseMessage(HttpStatusCode.OK)
                    {
                        Content = new StringContent("""{"productId":"fine","name":"Fine","description":"","category":"c","attributes":{},"variants":[]}""",
                            System.Text.Encoding.UTF8, "application/json"),
                    };
                case "busy":
                    var busy = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
                    busy.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(2));
                    return busy;
                case "slow":
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    throw new InvalidOperationException("unreachable");
                default:
                    throw new HttpRequestException("connection refused");
            }
        }
    }
}
