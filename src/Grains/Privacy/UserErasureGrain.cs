using EShop.Grains.Abstractions.Events;
using EShop.Grains.Orders.ReadModel;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace EShop.Grains.Privacy;

/// <summary>What the shop's consumers remember of an erased account (keyed by userId).</summary>
[Alias("eshop.user-erasure-grain")]
public interface IUserErasureGrain : IGrainWithStringKey
{
    /// <summary>Whether <c>eshop.user.deleted.v1</c> was received for this user: nothing is sent to them any more.</summary>
    [ReadOnly, Alias("IsErased")]
    Task<bool> IsErased();
}

[GenerateSerializer, Alias("eshop.user-erasure-state.v1")]
public sealed class UserErasureState
{
    /// <summary>When the account was erased (as the event says), null while it exists. No personal data.</summary>
    [Id(0)] public DateTimeOffset? ErasedAt { get; set; }
}

/// <summary>
/// Carries out an account's erasure in the consumers of the shop's events. Subscribed implicitly to the user's
/// stream, on <c>eshop.user.deleted.v1</c> it replaces the user id of the user's rows in the order read model with
/// <see cref="Pseudonyms.Of"/>, then records the erasure, which notifications check before sending. Both steps are
/// idempotent, so a redelivered event changes nothing more (and anonymises a row that came in late); an unknown user
/// has no rows and is recorded like any other.
/// </summary>
[ImplicitStreamSubscription(EventStreams.Users)]
public sealed class UserErasureGrain(
    [PersistentState("erasure", StorageNames.Notifications)] IPersistentState<UserErasureState> state,
    IOrderReadStore readModel) : Grain, IUserErasureGrain, IStreamSubscriptionObserver
{
    public Task<bool> IsErased() => Task.FromResult(state.State.ErasedAt is not null);

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync((item, _) => OnEvent(item));

    private async Task OnEvent(DomainEvent item)
    {
        if (item.Type != EventTypes.UserDeleted)
            return;

        var deleted = item.Read<UserDeletedV1>();
        await readModel.AnonymiseUserAsync(deleted.UserId, Pseudonyms.Of(deleted.UserId));
        if (state.State.ErasedAt is not null)
            return;
        state.State.ErasedAt = deleted.DeletedAt;
        await state.WriteStateAsync();
    }
}
