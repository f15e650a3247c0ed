using Microsoft.Extensions.Options;

namespace EShop.Api.Infrastructure;

/// <summary>
/// The <c>Orleans:Failover:Api</c> section: how the Api rides out a dying silo on requests that only read (GET, HEAD).
/// Each grain call such a request makes is abandoned after <see cref="AttemptTimeout"/>, and the request is run again
/// after a growing pause while <see cref="RetryBudget"/> lasts; then the usual 503 + Retry-After stands. Writes are
/// never retried here: a checkout is retried by its client with the same Idempotency-Key. docs/operations.md explains.
/// </summary>
public sealed class ReadRetryOptions
{
    public const string Section = "Orleans:Failover:Api";

    /// <summary>
    /// How long one grain call made for a GET or HEAD may take before the attempt is abandoned (as a TimeoutException).
    /// Orleans 10.4.2 leaves a call in flight to a silo that died waiting for the whole client response timeout
    /// (dotnet/orleans#10165); this ends it sooner. A retried attempt gets no more than what is left of the budget.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long after a read first started it may still be run again; long enough for a dead silo to be
    /// declared dead (about 3 s, 6 s just after it restarted: FailoverOptions). Zero turns the retries off.</summary>
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The pause before the first retry; each further pause doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMilliseconds(1600);

    /// <summary>The pause before retry number <paramref name="retry"/> (1 for the first).</summary>
    public TimeSpan DelayBefore(int retry) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks * (1L << Math.Min(retry - 1, 20))));
}

internal sealed class ReadRetryOptionsValidator : IValidateOptions<ReadRetryOptions>
{
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    public ValidateOptionsResult Validate(string? name, ReadRetryOptions options)
    {
        var wrong = new List<string>();
        if (options.AttemptTimeout <= TimeSpan.Zero || options.AttemptTimeout > Longest)
            wrong.Add($"{ReadRetryOptions.Section}:AttemptTimeout must be more than 0 and at most {Longest}.");
        if (options.RetryBudget < TimeSpan.Zero || options.RetryBudget > Longest)
            wrong.Add($"{ReadRetryOptions.Section}:RetryBudget must be between 0 (no retries) and {Longest}.");
        if (options.FirstRetryDelay <= TimeSpan.Zero || options.MaxRetryDelay < options.FirstRetryDelay)
            wrong.Add($"{ReadRetryOptions.Section}:FirstRetryDelay must be more than 0 and at most MaxRetryDelay.");
        if (options.RetryBudget > TimeSpan.Zero && options.MaxRetryDelay > options.RetryBudget)
            wrong.Add($"{ReadRetryOptions.Section}:MaxRetryDelay must be at most RetryBudget.");
        return wrong.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(wrong);
    }
}
