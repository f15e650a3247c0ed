using System.ComponentModel.DataAnnotations;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// The <c>Kafka</c> section, read with <c>Orleans:Streams=Kafka</c>: where the "events" stream provider's topics
/// live. Each domain stream namespace is the topic <see cref="TopicPrefix"/> + namespace, each with
/// <see cref="Partitions"/> partitions; one Orleans queue is one topic partition.
/// </summary>
/// <remarks>
/// Azure Event Hubs' Kafka endpoint: <c>SecurityProtocol=SASL_SSL</c>, <c>SaslMechanism=PLAIN</c>,
/// <c>SaslUsername=$ConnectionString</c>, <c>SaslPassword=</c> the namespace's connection string, and
/// <c>BootstrapServers=</c> the namespace's host on port 9093.
/// </remarks>
public sealed class KafkaOptions
{
    public const string Section = "Kafka";

    /// <summary>The <see cref="BootstrapServers"/> value that starts librdkafka's in-process mock cluster.</summary>
    public const string Mock = "mock";

    /// <summary>Comma-separated host:port pairs, or <see cref="Mock"/>.</summary>
    [Required]
    public string BootstrapServers { get; set; } = "";

    [RegularExpression(KafkaTopics.LegalName)]
    public string TopicPrefix { get; set; } = "eshop.";

    /// <summary>Partitions per topic: the queues of each stream namespace, and the most silos that share its load.</summary>
    [Range(1, 1000)]
    public int Partitions { get; set; } = 4;

    [Required]
    public string ConsumerGroup { get; set; } = "eshop-silos";

    /// <summary>A topic, named as is, whose JSON messages flow into the <c>external</c> stream namespace; none when unset.</summary>
    [RegularExpression(KafkaTopics.LegalName)]
    public string? ExternalTopic { get; set; }

    /// <summary>PLAINTEXT (default), SSL, SASL_PLAINTEXT or SASL_SSL.</summary>
    public string? SecurityProtocol { get; set; }

    /// <summary>PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, GSSAPI or OAUTHBEARER.</summary>
    public string? SaslMechanism { get; set; }

    public string? SaslUsername { get; set; }

    public string? SaslPassword { get; set; }

    /// <summary>How long a publish waits for the brokers to accept an event before it fails.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MessageTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Best-effort creation of missing topics at start-up; start-up goes on when it fails.</summary>
    public bool CreateTopics { get; set; } = true;

    /// <summary>How often each pulling agent looks for new messages: the latency a quiet queue adds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan PullPeriod { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The longest a fetch waits at a broker for data (fetch.wait.max.ms). Brokers answer as soon as data arrives,
    /// but librdkafka's mock cluster waits it out, so it bounds end-to-end latency there.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:05")]
    public TimeSpan FetchWaitMax { get; set; } = TimeSpan.FromMilliseconds(100);

    public bool IsMock => string.Equals(BootstrapServers.Trim(), Mock, StringComparison.OrdinalIgnoreCase);
}
