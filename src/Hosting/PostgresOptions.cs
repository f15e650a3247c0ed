using System.ComponentModel.DataAnnotations;

namespace EShop.Hosting;

/// <summary>
/// <c>Postgres:*</c>: the connection budget of one process. Every PostgreSQL user in the process (grain storage,
/// clustering, reminders, the payments ledger, the read model, migrations, the health check) draws from at most
/// <see cref="MaxConnections"/> connections per database, so N silos open at most N x MaxConnections.
/// </summary>
public sealed class PostgresOptions
{
    public const string Section = "Postgres";

    /// <summary>Connections per database per process; well under the stock server's 100 so that two silos fit.</summary>
    [Range(2, 10_000)]
    public int MaxConnections { get; set; } = 40;

    /// <summary>How long a caller queues for a free connection before its call fails (and the Api answers 503).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ConnectionWait { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Group commits in flight at once per database (grain state, ledger, read model); each holds a connection.</summary>
    [Range(1, 64)]
    public int CommitWriters { get; set; } = 1;

    /// <summary>The most statements one group commit (one round trip, one transaction) carries.</summary>
    [Range(1, 10_000)]
    public int CommitBatch { get; set; } = 256;

    public static PostgresOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var options = new PostgresOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(Section), options);
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
            throw new InvalidOperationException($"{Section}: {string.Join("; ", errors.Select(e => e.ErrorMessage))}");
        return options;
    }
}
