using System.Buffers;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using EShop.Grains.Abstractions.Orders;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace EShop.Api.Orders;

/// <summary>
/// An order's live status as Server-Sent Events: <c>event: order</c>, <c>id: n</c>, <c>data: the Order as it stood at
/// its n-th status</c>, each flushed as written, from the sequence after <c>Last-Event-ID</c> (or the current one) to
/// the final status; a <c>:</c> comment at every heartbeat. Written by hand: SseFormatter writes no comments.
/// </summary>
public sealed class OrderEventsResult : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public const string MediaType = "text/event-stream";
    public const string EventName = "order";

    private readonly OrderMailbox _mailbox;
    private readonly int _after;

    internal OrderEventsResult(OrderMailbox mailbox, int after) => (_mailbox, _after) = (mailbox, after);

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => MediaType;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var services = httpContext.RequestServices;
        var hub = services.GetRequiredService<OrderWatchHub>();
        try
        {
            // A shutdown ends the streams (clients resume with Last-Event-ID) instead of holding the server's drain.
            using var ending = CancellationTokenSource.CreateLinkedTokenSource(
                httpContext.RequestAborted, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
            await Write(httpContext, services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions, ending.Token);
        }
        catch (OperationCanceledException)
        {
            // The client went away or the host is stopping: the stream simply ends.
        }
        finally
        {
            hub.Close(_mailbox);
        }
    }

    private async Task Write(HttpContext httpContext, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = MediaType;
        response.Headers.CacheControl = "no-cache";
        // Reverse proxies (nginx) buffer responses unless told not to; each frame must reach the client as written.
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken);

        var sent = _after;
        while (true)
        {
            var (latest, heartbeat) = await _mailbox.WaitAsync(cancellationToken);
            var writer = response.BodyWriter;
            if (latest is not null && latest.Sequence() > sent)
            {
                for (var sequence = sent + 1; sequence <= latest.Sequence(); sequence++)
                    Frame(writer, sequence, latest.At(sequence), json);
                sent = latest.Sequence();
                await writer.FlushAsync(cancellationToken);
            }
            else if (heartbeat)
            {
                writer.Write(": heartbeat\n\n"u8);
                await writer.FlushAsync(cancellationToken);
            }

            // Also when the client resumes after the final status: it has seen everything, and the stream ends at once.
            if (latest is not null && latest.IsFinal() && sent >= latest.Sequence())
                return;
        }
    }

    private static void Frame(System.IO.Pipelines.PipeWriter writer, int sequence, Order order, JsonSerializerOptions json)
    {
        writer.Write("event: order\nid: "u8);
        writer.Write(System.Text.Encoding.ASCII.GetBytes(sequence.ToString(CultureInfo.InvariantCulture)));
        writer.Write("\ndata: "u8);
        // Compact JSON has no line breaks, so the whole order is one data line.
        using (var data = new Utf8JsonWriter(writer))
            JsonSerializer.Serialize(data, order, json);
        writer.Write("\n\n"u8);
    }

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), [MediaType]));
}
