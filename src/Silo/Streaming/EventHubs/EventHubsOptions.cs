using System.ComponentModel.DataAnnotations;

namespace EShop.Silo.Streaming.EventHubs;

/// <summary>
/// The <c>EventHubs</c> section, read with <c>Orleans:Streams=EventHubs</c>: one event hub carries every stream
/// namespace (orders, payments, ...), one Orleans queue per hub partition, each event a CloudEvent as on Kafka.
/// </summary>
public sealed class EventHubsOptions
{
    public const string Section = "EventHubs";

    /// <summary>The namespace's connection string (Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=...).</summary>
    [Required(ErrorMessage = "EventHubs:ConnectionString is required with Orleans:Streams=EventHubs.")]
    public string ConnectionString { get; set; } = "";

    [Required(ErrorMessage = "EventHubs:EventHubName is required with Orleans:Streams=EventHubs.")]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,255}$", ErrorMessage = "EventHubs:EventHubName is not an event hub name (letters, digits, '.', '_', '-').")]
    public string EventHubName { get; set; } = "";

    /// <summary>The consumer group the silos read with; give each shop (service id) its own.</summary>
    [Required]
    public string ConsumerGroup { get; set; } = "$Default";

    /// <summary>How often a partition's read position is written to PostgreSQL (eshop_stream_checkpoints).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "EventHubs:CheckpointInterval must be between 1 s and 1 h.")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(10);
}
