using System.Collections.Concurrent;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Users;

namespace EShop.Api.Users;

/// <summary>
/// Whether an access token's account may still use it: a locked or deleted account's tokens are refused (401) although
/// their signature and lifetime still hold. Each account's status is asked of its grain at most once per
/// <see cref="Lifetime"/> per Api process; a lock or deletion made through this process updates the entry at once, so
/// other replicas honour an old token for at most that long.
/// </summary>
public sealed class AccountStatusCache(IGrainFactory grains, ShopClock clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    public const int Capacity = 50_000;

    private readonly ConcurrentDictionary<string, (AccountStatus Status, DateTimeOffset Until)> _known = new(StringComparer.Ordinal);

    /// <summary>
    /// Unknown accounts pass: tokens name only accounts that were created, and never-created ones hold nothing. When the
    /// cluster cannot answer, the last known status (else the token) is honoured: the request's own grain calls then
    /// answer 503 as in any outage, rather than every client being told its token is bad and signing out.
    /// </summary>
    public async ValueTask<bool> IsUsable(string userId)
    {
        var now = clock.UtcNow;
        var cached = _known.TryGetValue(userId, out var known);
        if (!cached || known.Until <= now)
        {
            AccountStatus status;
            try
            {
                status = await grains.GetGrain<IUserGrain>(userId).GetStatus();
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                return !cached || known.Status is AccountStatus.Unknown or AccountStatus.Active;
            }

            known = (status, now + Lifetime);
            // Bounded without bookkeeping, as the token cache is.
            if (_known.Count >= Capacity)
                _known.Clear();
            _known[userId] = known;
        }

        return known.Status is AccountStatus.Unknown or AccountStatus.Active;
    }

    /// <summary>Records a status this process has just changed, so that it holds here at once.</summary>
    public void Set(string userId, AccountStatus status) => _known[userId] = (status, clock.UtcNow + Lifetime);
}
