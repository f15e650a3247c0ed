using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace EShop.Api.Tests.Orders;

/// <summary>One frame of an event stream as it came over the wire: an event's fields, or a comment.</summary>
internal sealed record SseFrame(string? Event, string? Id, string? Data, string? Comment)
{
    public JsonElement Order => JsonDocument.Parse(Data!).RootElement;

    public string Status => Order.GetProperty("status").GetString()!;
}

/// <summary>GET /api/orders/{orderId}/events read line by line, comments included (SseParser drops them).</summary>
internal sealed class OrderEventStream(HttpResponseMessage response, StreamReader reader) : IAsyncDisposable
{
    public HttpResponseMessage Response => response;

    public static async Task<OrderEventStream> Open(HttpClient http, string orderId, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{orderId}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
            request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new OrderEventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8));
    }

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The next frame, null once the server has ended the stream; a TimeoutException after <paramref name="within"/> (30 s).</summary>
    public async Task<SseFrame?> Next(TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? Patience);
        string? eventName = null, id = null, data = null, comment = null;
        while (await ReadLine(deadline) is { } line)
        {
            if (line.Length == 0)
                return new SseFrame(eventName, id, data, comment);
            var (field, value) = line.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0
                ? (line[..colon], line[(colon + 1)..].TrimStart(' '))
                : (line, "");
            switch (field)
            {
                case "": comment = value; break;
                case "event": eventName = value; break;
                case "id": id = value; break;
                case "data": data = data is null ? value : $"{data}\n{value}"; break;
                default: throw new InvalidDataException($"Unexpected event stream line: {line}");
            }
        }

        return null;
    }

    /// <summary>The next event (heartbeats skipped), within 30 s; fails if the stream ends first.</summary>
    public async Task<SseFrame> NextEvent()
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await Next(deadline - DateTime.UtcNow) is { } frame)
        {
            if (frame.Comment is null)
                return frame;
        }

        Assert.Fail("The stream ended before the next event.");
        return null!;
    }

    /// <summary>The events up to the end of the stream, which must come within 30 s.</summary>
    public async Task<List<SseFrame>> EventsToTheEnd()
    {
        var deadline = DateTime.UtcNow + Patience;
        var events = new List<SseFrame>();
        while (await Next(deadline - DateTime.UtcNow) is { } frame)
        {
            if (frame.Comment is null)
                events.Add(frame);
        }

        return events;
    }

    // WaitAsync, not only a token: a cancelled read of the test server's response stream need not return.
    private async Task<string?> ReadLine(DateTime deadline)
    {
        var left = deadline - DateTime.UtcNow;
        if (left <= TimeSpan.Zero)
            throw new TimeoutException("No complete frame in time.");
        using var timeout = new CancellationTokenSource(left);
        return await reader.ReadLineAsync(timeout.Token).AsTask().WaitAsync(left);
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
