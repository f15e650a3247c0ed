using Confluent.Kafka;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// The librdkafka settings of every client the provider makes (producer, consumer, admin): one place maps the
/// options' connection and security (SASL/SSL) settings, so that the three never disagree.
/// </summary>
public static class KafkaClientSettings
{
    private static readonly Dictionary<string, SecurityProtocol> Protocols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["plaintext"] = SecurityProtocol.Plaintext,
        ["ssl"] = SecurityProtocol.Ssl,
        ["saslplaintext"] = SecurityProtocol.SaslPlaintext,
        ["saslssl"] = SecurityProtocol.SaslSsl,
    };

    private static readonly Dictionary<string, SaslMechanism> Mechanisms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["plain"] = SaslMechanism.Plain,
        ["scramsha256"] = SaslMechanism.ScramSha256,
        ["scramsha512"] = SaslMechanism.ScramSha512,
        ["gssapi"] = SaslMechanism.Gssapi,
        ["oauthbearer"] = SaslMechanism.OAuthBearer,
    };

    /// <summary>Reads SASL_SSL, sasl-ssl or SaslSsl alike; null for an unknown name.</summary>
    public static SecurityProtocol? ParseProtocol(string value) =>
        Protocols.TryGetValue(Normalize(value), out var protocol) ? protocol : null;

    /// <summary>Reads SCRAM-SHA-256, ScramSha256 or scram_sha_256 alike; null for an unknown name.</summary>
    public static SaslMechanism? ParseMechanism(string value) =>
        Mechanisms.TryGetValue(Normalize(value), out var mechanism) ? mechanism : null;

    public static ProducerConfig Producer(KafkaOptions options, string bootstrapServers) => Apply(new ProducerConfig
    {
        // Acknowledged by every in-sync replica, once, in order: an awaited publish means the event is kept.
        Acks = Acks.All,
        EnableIdempotence = true,
        LingerMs = 5,
        MessageTimeoutMs = (int)options.MessageTimeout.TotalMilliseconds,
    }, options, bootstrapServers);

    public static ConsumerConfig Consumer(KafkaOptions options, string bootstrapServers) => Apply(new ConsumerConfig
    {
        GroupId = options.ConsumerGroup,
        // Offsets are committed when Orleans has delivered the messages, never before.
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        FetchWaitMaxMs = Math.Max(1, (int)options.FetchWaitMax.TotalMilliseconds),
        // Assigned partitions only, never a group subscription: nothing here joins the group.
        SessionTimeoutMs = 6000,
    }, options, bootstrapServers);

    public static AdminClientConfig Admin(KafkaOptions options, string bootstrapServers) =>
        Apply(new AdminClientConfig(), options, bootstrapServers);

    private static T Apply<T>(T config, KafkaOptions options, string bootstrapServers)
        where T : ClientConfig
    {
        config.BootstrapServers = bootstrapServers;
        config.ClientId = "eshop-silo";
        if (!string.IsNullOrWhiteSpace(options.SecurityProtocol))
            config.SecurityProtocol = ParseProtocol(options.SecurityProtocol);
        if (!string.IsNullOrWhiteSpace(options.SaslMechanism))
            config.SaslMechanism = ParseMechanism(options.SaslMechanism);
        if (!string.IsNullOrEmpty(options.SaslUsername))
            config.SaslUsername = options.SaslUsername;
        if (!string.IsNullOrEmpty(options.SaslPassword))
            config.SaslPassword = options.SaslPassword;
        return config;
    }

    private static string Normalize(string value) =>
        value.Trim().Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
}
