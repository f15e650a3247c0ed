using System.Collections.Concurrent;
using System.Diagnostics;

namespace EShop.Chaos.Workload;

/// <summary>One HTTP exchange of the run: when it started (seconds since the run's clock started), what it was, how it ended.</summary>
/// <param name="Status">The HTTP status, or 0 when no answer came (timeout, refused connection).</param>
internal sealed record RequestRecord(double At, string Operation, int Status, double Milliseconds)
{
    public bool ServerError => Status is 0 or >= 500;
}

/// <summary>Every exchange the workload made, in the order they ended.</summary>
internal sealed class RequestLog(Stopwatch clock)
{
    private readonly ConcurrentQueue<RequestRecord> _records = new();

    public Stopwatch Clock => clock;

    public double Now => clock.Elapsed.TotalSeconds;

    public void Add(RequestRecord record) => _records.Enqueue(record);

    public IReadOnlyList<RequestRecord> Snapshot() => [.. _records];
}

/// <summary>
/// Records every request an <see cref="EShop.Client.EShopClient"/> sends: the operation is the one the workload named in
/// <see cref="Operation"/> before calling, the status is what came back (0 for no answer).
/// </summary>
internal sealed class RecordingHandler(RequestLog log, TimeSpan timeout) : DelegatingHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
{
    public static readonly AsyncLocal<string?> Operation = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = log.Now;
        var watch = Stopwatch.StartNew();
        var operation = Operation.Value ?? $"{request.Method} {request.RequestUri?.AbsolutePath}";
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            var response = await base.SendAsync(request, attempt.Token);
            log.Add(new RequestRecord(started, operation, (int)response.StatusCode, watch.Elapsed.TotalMilliseconds));
            return response;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            log.Add(new RequestRecord(started, operation, 0, watch.Elapsed.TotalMilliseconds));
            throw new TimeoutException($"{operation} had no answer within {timeout.TotalSeconds} s.");
        }
        catch (HttpRequestException)
        {
            log.Add(new RequestRecord(started, operation, 0, watch.Elapsed.TotalMilliseconds));
            throw;
        }
    }
}
