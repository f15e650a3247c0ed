using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace EShop.Client;

/// <summary>One event of an order's live status: the order as it stood at its <see cref="Sequence"/>-th status (Pending is 1).</summary>
public sealed record OrderEvent(long Sequence, Order Order);

public sealed partial class EShopClient
{
    /// <summary>
    /// The order's live status (GET /api/orders/{orderId}/events): the order as it is now, then one event per status
    /// change, until a final status (Delivered, Cancelled, Failed) ends the stream. After a broken connection, call again
    /// with the last <see cref="OrderEvent.Sequence"/> received as <paramref name="lastEventId"/>: the stream resumes
    /// after it, missing and repeating nothing. Heartbeat comments are read and dropped.
    /// </summary>
    public async IAsyncEnumerable<OrderEvent> WatchOrderAsync(
        string orderId, long? lastEventId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var path = $"/api/orders/{Uri.EscapeDataString(orderId)}/events";
        using var response = await OpenEventStreamAsync(path, lastEventId, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var parser = SseParser.Create(body, static (type, data) => type == "order" ? JsonSerializer.Deserialize<Order>(data, Json) : null);
        await foreach (var item in parser.EnumerateAsync(cancellationToken))
        {
            if (item.Data is { } order && long.TryParse(item.EventId, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
                yield return new OrderEvent(sequence, order);
        }
    }

    private async Task<HttpResponseMessage> OpenEventStreamAsync(string path, long? lastEventId, CancellationToken cancellationToken)
    {
        HttpRequestMessage EventRequest()
        {
            var request = Request(HttpMethod.Get, path, body: null, anonymous: false, idempotencyKey: null);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            // A refusal (401, 404) comes as problem details.
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
            if (lastEventId is { } after)
                request.Headers.Add("Last-Event-ID", after.ToString(CultureInfo.InvariantCulture));
            return request;
        }

        // Headers only: the body is read as it comes, for as long as the stream lasts.
        var response = await http.SendAsync(EventRequest(), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && await TryRefreshAsync(cancellationToken))
        {
            response.Dispose();
            response = await http.SendAsync(EventRequest(), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }

        if (response.IsSuccessStatusCode)
            return response;
        using (response)
        {
            throw new EShopApiException(response.StatusCode, await ProblemAsync(response, cancellationToken), RetryAfter(response));
        }
    }
}
