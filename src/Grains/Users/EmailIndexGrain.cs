using EShop.Grains.Abstractions.Users;
using Orleans.Runtime;

namespace EShop.Grains.Users;

[GenerateSerializer, Alias("eshop.email-index-state.v1")]
public sealed class EmailIndexState
{
    [Id(0)]
    public string? UserId { get; set; }
}

/// <summary>
/// Keyed by the normalized email. Calls are not interleaved, so concurrent registrations queue here and the
/// first one wins. The user is created before the email is recorded: a crash in between leaves an unreachable
/// user and a free email, never an email that points nowhere.
/// </summary>
public sealed class EmailIndexGrain(
    [PersistentState("email-index", StorageNames.Users)] IPersistentState<EmailIndexState> state,
    IGrainFactory grains) : Grain, IEmailIndexGrain
{
    public async Task<bool> Register(NewUser user)
    {
        if (state.State.UserId is { } owner && owner != user.UserId)
            return false;
        if (!await grains.GetGrain<IUserGrain>(user.UserId).Create(user))
            return false;
        if (state.State.UserId is null)
        {
            state.State.UserId = user.UserId;
            await state.WriteStateAsync();
        }

        return true;
    }

    public Task<string?> GetUserId() => Task.FromResult(state.State.UserId);
}
