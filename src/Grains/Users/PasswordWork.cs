using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using EShop.Grains.Abstractions.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EShop.Grains.Users;

/// <summary>
/// The silo's budget for password hashing, shared by every grain in the process. Each hash is 100-200 ms of CPU:
/// unbounded, a burst of logins or registrations would starve every other grain. At most
/// <see cref="PasswordHashingOptions.Permits"/> run at once and <see cref="PasswordHashingOptions.QueueLimit"/>
/// wait; further callers are refused at once (null or false) and told to come back after <see cref="RetryAfter"/>.
/// </summary>
public sealed partial class PasswordWork : IDisposable
{
    public const string MeterName = "EShop.Users";

    private readonly ConcurrencyLimiter _limiter;
    private readonly Counter<long> _refused;
    private readonly ILogger<PasswordWork> _logger;

    public PasswordWork(IOptions<PasswordHashingOptions> options, IMeterFactory meters, ILogger<PasswordWork> logger)
    {
        var settings = options.Value;
        RetryAfter = settings.RetryAfter;
        _logger = logger;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = settings.Permits,
            QueueLimit = settings.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _refused = meters.Create(MeterName).CreateCounter<long>(
            "eshop.users.password_hashing.refused", unit: "{call}", description: "Password hashes refused because the silo's hashing queue was full.");
        // Zero from the start, so that the saturation alert's rate() reads a series before the first refusal.
        _refused.Add(0);
    }

    public TimeSpan RetryAfter { get; }

    /// <summary>A hash of <paramref name="password"/>, or null if the silo is too busy to compute one now.</summary>
    public async Task<string?> TryHashAsync(Secret password)
    {
        string? hash = null;
        return await TryRunAsync(() => hash = PasswordHashing.Hash(password.Value)) ? hash : null;
    }

    /// <summary>The verification's outcome, or null if the silo is too busy to verify now.</summary>
    public async Task<PasswordVerificationResult?> TryVerifyAsync(string hash, Secret password)
    {
        var result = PasswordVerificationResult.Failed;
        return await TryRunAsync(() => result = PasswordHashing.Verify(hash, password.Value)) ? result : null;
    }

    /// <summary>Spends a verification's time on no account; false if the silo is too busy.</summary>
    public Task<bool> TryBurnVerificationTimeAsync(Secret password) =>
        TryRunAsync(() => PasswordHashing.BurnVerificationTime(password.Value));

    /// <summary>Runs CPU-bound password work off the grain scheduler once a permit is free; false if refused.</summary>
    public async Task<bool> TryRunAsync(Action work)
    {
        using var lease = await _limiter.AcquireAsync(1);
        if (!lease.IsAcquired)
        {
            _refused.Add(1);
            LogRefused(_logger);
            return false;
        }

        await Task.Run(work);
        return true;
    }

    public void Dispose() => _limiter.Dispose();

    // Debug, like the HTTP rate limits: under a flood every refusal would log; the counter and its alert carry it.
    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Password hashing is saturated: a login or registration was refused as busy")]
    private static partial void LogRefused(ILogger logger);
}
