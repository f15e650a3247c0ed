using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EShop.Silo.Streaming.Kafka;

namespace EShop.Integration.Tests.Streaming;

/// <summary>One reading of the lag gauge: which silo's meter reported it, for which partition.</summary>
internal sealed record LagReading(Meter Silo, string Topic, int Partition, long Lag);

/// <summary>Reads the Kafka consumer lag gauge of every silo in this process, as an exporter would.</summary>
internal sealed class LagReadings : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<LagReading> _readings = new();
    private readonly Lock _gate = new();

    public LagReadings()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KafkaMetrics.MeterName && instrument.Name == KafkaMetrics.ConsumerLag)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? topic = null;
            int? partition = null;
            foreach (var tag in tags)
            {
                if (tag.Key == KafkaMetrics.TopicTag)
                    topic = tag.Value as string;
                else if (tag.Key == KafkaMetrics.PartitionTag)
                    partition = tag.Value as int?;
            }

            if (topic is not null && partition is { } number)
                _readings.Enqueue(new LagReading(instrument.Meter, topic, number, value));
        });
        _listener.Start();
    }

    /// <summary>Collects the gauge now, limited to topics that start with <paramref name="topicPrefix"/>.</summary>
    public IReadOnlyList<LagReading> Read(string topicPrefix)
    {
        lock (_gate)
        {
            _readings.Clear();
            _listener.RecordObservableInstruments();
            return [.. _readings.Where(r => r.Topic.StartsWith(topicPrefix, StringComparison.Ordinal))];
        }
    }

    public void Dispose() => _listener.Dispose();
}
