using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Users;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace EShop.Grains.Users;

public sealed class RefreshTokenFamilyGrain(
    [PersistentState("refresh-family", StorageNames.Users)] IPersistentState<RefreshTokenFamily> state,
    ShopClock clock,
    IOptions<AccountOptions> options,
    IGrainFactory grains) : Grain, IRefreshTokenFamilyGrain
{
    private string FamilyId => this.GetPrimaryKeyString();

    public async Task<Secret> Start(string userId)
    {
        if (state.RecordExists)
            throw new InvalidOperationException($"Refresh-token family {FamilyId} has already started.");

        var secret = RefreshTokens.NewSecret();
        state.State = new RefreshTokenFamily
        {
            UserId = userId,
            CurrentHash = RefreshTokens.HashSecret(secret),
            ExpiresAt = clock.UtcNow + options.Value.RefreshTokenLifetime,
        };
        await state.WriteStateAsync();
        return new Secret(RefreshTokens.Format(FamilyId, secret));
    }

    public async Task<RefreshResult> Rotate(Secret token)
    {
        if (!TryHash(token, out var presented))
            return new RefreshResult(RefreshStatus.Invalid);

        // The user grain does not know its families: each family asks, so deleting or locking the account stops them all.
        var account = state.State.UserId.Length == 0 ? AccountStatus.Unknown : await grains.GetGrain<IUserGrain>(state.State.UserId).GetStatus();
        if (account == AccountStatus.Deleted && !state.State.Revoked)
        {
            state.State.Revoked = true;
            await state.WriteStateAsync();
        }

        if (account is AccountStatus.Locked or AccountStatus.Deleted)
            return new RefreshResult(RefreshStatus.Invalid);

        var next = RefreshTokens.NewSecret();
        var status = state.State.Rotate(presented, RefreshTokens.HashSecret(next), clock.UtcNow);
        if (status == RefreshStatus.Invalid)
            return new RefreshResult(status);

        await state.WriteStateAsync();
        return status == RefreshStatus.Rotated
            ? new RefreshResult(status, state.State.UserId, new Secret(RefreshTokens.Format(FamilyId, next)))
            : new RefreshResult(status, state.State.UserId);
    }

    public async Task<bool> Revoke(Secret token)
    {
        if (!TryHash(token, out var presented) || !state.State.Issued(presented))
            return false;
        if (!state.State.Revoked)
        {
            state.State.Revoked = true;
            await state.WriteStateAsync();
        }

        return true;
    }

    private bool TryHash(Secret token, out string hash)
    {
        var valid = RefreshTokens.TryParse(token.Value, out var familyId, out var secret) && familyId == FamilyId;
        hash = valid ? RefreshTokens.HashSecret(secret) : "";
        return valid;
    }
}
