using System.ComponentModel.DataAnnotations;

namespace EShop.Hosting;

public enum OrleansMode
{
    /// <summary>The Api process hosts a silo itself.</summary>
    CoHosted,

    /// <summary>The Api joins an external cluster as a client.</summary>
    Client,
}

public enum StorageKind
{
    Memory,

    /// <summary>The Orleans ADO.NET providers on PostgreSQL (ConnectionStrings:eshop, and per context).</summary>
    Postgres,
}

public enum StreamsKind
{
    /// <summary>Orleans memory streams: in-process, nothing kept across a restart.</summary>
    Memory,

    /// <summary>The shop's Kafka provider (the <c>Kafka</c> section); <c>Kafka:BootstrapServers=mock</c> needs no broker.</summary>
    Kafka,

    /// <summary>Orleans' Azure Event Hubs provider (the <c>EventHubs</c> section), the same CloudEvents as on Kafka.</summary>
    EventHubs,
}

/// <summary>The <c>Orleans</c> configuration section.</summary>
public sealed class EShopOrleansOptions
{
    public const string Section = "Orleans";

    public OrleansMode Mode { get; set; } = OrleansMode.CoHosted;

    [Required]
    public string ClusterId { get; set; } = "eshop-dev";

    [Required]
    public string ServiceId { get; set; } = "eshop";

    /// <summary>Grain storage, clustering and reminders. Memory: localhost clustering, state lost on exit.</summary>
    public StorageKind Storage { get; set; } = StorageKind.Memory;

    public StreamsKind Streams { get; set; } = StreamsKind.Memory;

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo at (Postgres clustering); default: this host's.</summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>
    /// Running in a Kubernetes pod (deploy/k8s): Orleans' Kubernetes hosting names the silo after its pod, advertises
    /// the pod IP and declares dead the silos whose pods are gone. Needs POD_NAME, POD_NAMESPACE, POD_IP,
    /// ORLEANS_SERVICE_ID and ORLEANS_CLUSTER_ID in the environment, and RBAC to watch and delete pods.
    /// </summary>
    public bool Kubernetes { get; set; }

    public static EShopOrleansOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var options = new EShopOrleansOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(Section), options, o => o.ErrorOnUnknownConfiguration = false);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        return options;
    }
}
