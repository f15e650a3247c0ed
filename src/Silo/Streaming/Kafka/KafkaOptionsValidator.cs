using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>What data annotations cannot say about <see cref="KafkaOptions"/>: names librdkafka knows, complete SASL.</summary>
internal sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.SecurityProtocol) && KafkaClientSettings.ParseProtocol(options.SecurityProtocol) is null)
            failures.Add($"Kafka:SecurityProtocol '{options.SecurityProtocol}' is none of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL.");

        var mechanism = string.IsNullOrWhiteSpace(options.SaslMechanism) ? null : KafkaClientSettings.ParseMechanism(options.SaslMechanism);
        if (!string.IsNullOrWhiteSpace(options.SaslMechanism) && mechanism is null)
            failures.Add($"Kafka:SaslMechanism '{options.SaslMechanism}' is none of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, GSSAPI, OAUTHBEARER.");
        if (mechanism is SaslMechanism.Plain or SaslMechanism.ScramSha256 or SaslMechanism.ScramSha512
            && (string.IsNullOrEmpty(options.SaslUsername) || string.IsNullOrEmpty(options.SaslPassword)))
            failures.Add($"Kafka:SaslMechanism {options.SaslMechanism} needs Kafka:SaslUsername and Kafka:SaslPassword.");

        if (options.ExternalTopic is { Length: > 0 } external && new KafkaTopics(options).IsDomainTopic(external))
            failures.Add($"Kafka:ExternalTopic '{external}' is also the topic of a domain stream namespace.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
