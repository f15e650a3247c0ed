using System.Collections.Concurrent;
using System.Diagnostics;

namespace EShop.LoadTest.Measurement;

/// <summary>
/// Collects every call of a run. Calls that start before <see cref="StartMeasuring"/> (set-up, warm-up) only feed
/// the live counters, so that the statistics describe the steady state.
/// </summary>
public sealed class RunRecorder
{
    private readonly ConcurrentDictionary<string, OperationStats> _operations = new(StringComparer.Ordinal);
    private long _measureFrom = long.MaxValue;
    private long _measureUntil = long.MaxValue;
    private long _requests;
    private long _errors;
    private long _serverErrors;
    private long _settled;
    private long _stuck;

    public long Requests => Interlocked.Read(ref _requests);
    public long Errors => Interlocked.Read(ref _errors);
    public long ServerErrors => Interlocked.Read(ref _serverErrors);
    public long Settled => Interlocked.Read(ref _settled);
    public long Stuck => Interlocked.Read(ref _stuck);

    /// <summary>The Stopwatch timestamp measuring began at, or null while warming up.</summary>
    public long? MeasuredFrom => Interlocked.Read(ref _measureFrom) is var from && from == long.MaxValue ? null : from;

    public void StartMeasuring() => Interlocked.Exchange(ref _measureFrom, Stopwatch.GetTimestamp());

    /// <summary>Calls that start after this are not measured (the tail of a timed run draining).</summary>
    public void StopMeasuring() => Interlocked.Exchange(ref _measureUntil, Stopwatch.GetTimestamp());

    /// <summary>Records one call that started at <paramref name="started"/> (a Stopwatch timestamp).</summary>
    public void Record(string operation, long started, TimeSpan latency, string? error)
    {
        if (operation != Operations.Checkout)
            Interlocked.Increment(ref _requests);
        if (error is not null)
        {
            if (error == Failures.Stuck)
                Interlocked.Increment(ref _stuck);
            else
                Interlocked.Increment(ref _errors);
            if (error.Length == 3 && error[0] == '5')
                Interlocked.Increment(ref _serverErrors);
        }
        else if (operation == Operations.Checkout)
        {
            Interlocked.Increment(ref _settled);
        }

        var from = Interlocked.Read(ref _measureFrom);
        var setup = Operations.IsSetup(operation);
        if (!setup && (started < from || started >= Interlocked.Read(ref _measureUntil)))
            return;
        var second = setup ? -1 : (int)Stopwatch.GetElapsedTime(from, started).TotalSeconds;
        _operations.GetOrAdd(operation, _ => new OperationStats()).Record(latency, error, second);
    }

    public IReadOnlyDictionary<string, OperationStats> ByOperation() => _operations;
}
