using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// What data annotations cannot say about <see cref="KafkaOptions"/>: names librdkafka knows, complete SASL, and
/// outside Development no password-based SASL over an unencrypted connection (PLAIN sends the password as is;
/// SCRAM over plaintext leaves the exchange open to capture and offline guessing).
/// </summary>
internal sealed class KafkaOptionsValidator(IHostEnvironment environment) : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        var failures = new List<string>();
        var protocol = string.IsNullOrWhiteSpace(options.SecurityProtocol) ? null : KafkaClientSettings.ParseProtocol(options.SecurityProtocol);
        if (!string.IsNullOrWhiteSpace(options.SecurityProtocol) && protocol is null)
            failures.Add($"Kafka:SecurityProtocol '{options.SecurityProtocol}' is none of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL.");

        var mechanism = string.IsNullOrWhiteSpace(options.SaslMechanism) ? null : KafkaClientSettings.ParseMechanism(options.SaslMechanism);
        if (!string.IsNullOrWhiteSpace(options.SaslMechanism) && mechanism is null)
            failures.Add($"Kafka:SaslMechanism '{options.SaslMechanism}' is none of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, GSSAPI, OAUTHBEARER.");
        var passwordBased = mechanism is SaslMechanism.Plain or SaslMechanism.ScramSha256 or SaslMechanism.ScramSha512;
        if (passwordBased && (string.IsNullOrEmpty(options.SaslUsername) || string.IsNullOrEmpty(options.SaslPassword)))
            failures.Add($"Kafka:SaslMechanism {options.SaslMechanism} needs Kafka:SaslUsername and Kafka:SaslPassword.");
        if (passwordBased && protocol == SecurityProtocol.SaslPlaintext && !environment.IsDevelopment())
            failures.Add($"Kafka:SaslMechanism {options.SaslMechanism} over Kafka:SecurityProtocol SASL_PLAINTEXT sends the credentials unencrypted: use SASL_SSL outside Development.");

        if (options.ExternalTopic is { Length: > 0 } external && new KafkaTopics(options).IsDomainTopic(external))
            failures.Add($"Kafka:ExternalTopic '{external}' is also the topic of a domain stream namespace.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
