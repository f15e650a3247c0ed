using HdrHistogram;

namespace EShop.LoadTest.Measurement;

/// <summary>One operation's latencies (HdrHistogram, microseconds), error counts by status, and per-second buckets.</summary>
public sealed class OperationStats
{
    // Ten minutes in microseconds, three significant digits: a fixed few hundred kilobytes per histogram.
    private const long Highest = 600_000_000;

    private readonly Lock _gate = new();
    private readonly LongHistogram _all = NewHistogram();
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly Dictionary<int, LongHistogram> _seconds = [];

    public static LongHistogram NewHistogram() => new(Highest, 3);

    public void Record(TimeSpan latency, string? error, int second)
    {
        var micros = Math.Clamp((long)(latency.Ticks / 10.0), 1, Highest);
        lock (_gate)
        {
            _all.RecordValue(micros);
            if (error is not null)
                _errors[error] = _errors.GetValueOrDefault(error) + 1;
            if (second >= 0)
            {
                if (!_seconds.TryGetValue(second, out var bucket))
                    _seconds[second] = bucket = new LongHistogram(Highest, 2);
                bucket.RecordValue(micros);
            }
        }
    }

    /// <summary>A copy that no longer changes: the histogram, the errors and the per-second buckets.</summary>
    public (LongHistogram All, IReadOnlyDictionary<string, long> Errors, IReadOnlyDictionary<int, LongHistogram> Seconds) Snapshot()
    {
        lock (_gate)
        {
            return ((LongHistogram)_all.Copy(),
                new Dictionary<string, long>(_errors, StringComparer.Ordinal),
                _seconds.ToDictionary(s => s.Key, s => (LongHistogram)s.Value.Copy()));
        }
    }
}
