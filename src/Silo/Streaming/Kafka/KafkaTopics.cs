using EShop.Grains.Abstractions.Events;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// Stream namespace to topic and back: each domain namespace is <c>TopicPrefix + namespace</c>; the external
/// namespace is the configured external topic, named as is.
/// </summary>
internal sealed class KafkaTopics
{
    /// <summary>The characters Kafka allows in a topic name.</summary>
    public const string LegalName = "^[a-zA-Z0-9._-]*$";

    private readonly Dictionary<string, string> _topicByNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _namespaceByTopic = new(StringComparer.Ordinal);

    public KafkaTopics(KafkaOptions options)
    {
        foreach (var streamNamespace in EventStreams.Domain)
            Add(streamNamespace, options.TopicPrefix + streamNamespace);
        ExternalTopic = string.IsNullOrWhiteSpace(options.ExternalTopic) ? null : options.ExternalTopic;
        Domain = [.. _topicByNamespace.Values];
        if (ExternalTopic is not null && !_namespaceByTopic.ContainsKey(ExternalTopic))
            Add(EventStreams.External, ExternalTopic);
        All = [.. _topicByNamespace.Values];
    }

    /// <summary>Every topic this provider writes or reads, domain topics first.</summary>
    public IReadOnlyList<string> All { get; }

    public IReadOnlyList<string> Domain { get; }

    public string? ExternalTopic { get; }

    public string? TopicOf(string streamNamespace) => _topicByNamespace.GetValueOrDefault(streamNamespace);

    public string? NamespaceOf(string topic) => _namespaceByTopic.GetValueOrDefault(topic);

    public bool IsDomainTopic(string topic) => Domain.Contains(topic, StringComparer.Ordinal);

    public bool IsExternal(string topic) => string.Equals(topic, ExternalTopic, StringComparison.Ordinal);

    private void Add(string streamNamespace, string topic)
    {
        _topicByNamespace[streamNamespace] = topic;
        _namespaceByTopic[topic] = streamNamespace;
    }
}
