using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Notifications;
using EShop.Grains.Abstractions.Users;
using EShop.Grains.Privacy;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace EShop.Grains.Notifications;

[GenerateSerializer, Alias("eshop.notification-state.v1")]
public sealed class NotificationState
{
    /// <summary>The occasions already notified: a redelivered or republished event finds its occasion here.</summary>
    [Id(0)] public List<string> Sent { get; set; } = [];

    /// <summary>The occasions not notified because the account is gone or erased (no personal data: occasion names only).</summary>
    [Id(1)] public List<string> Withheld { get; set; } = [];
}

/// <summary>
/// Tells a customer that their order was confirmed, shipped or failed. Subscribed implicitly to the order's
/// stream; sends, then records, so a crash in between sends again (at least once) but a redelivery never does.
/// It keeps no personal data: the address and name are read from the profile at send time, and nothing is sent
/// to an account that is gone (no profile) or whose erasure was announced (<see cref="IUserErasureGrain"/>).
/// </summary>
[ImplicitStreamSubscription(EventStreams.Orders)]
public sealed class NotificationGrain(
    [PersistentState("notification", StorageNames.Notifications)] IPersistentState<NotificationState> state,
    IGrainFactory grains,
    INotificationSender sender) : Grain, INotificationGrain, IStreamSubscriptionObserver
{
    public Task<IReadOnlyList<string>> GetSent() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Sent]);

    public Task<IReadOnlyList<string>> GetWithheld() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Withheld]);

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync((item, _) => OnEvent(item));

    private async Task OnEvent(DomainEvent item)
    {
        if (OrderMessages.Occasion(item.Type) is not { } occasion || state.State.Sent.Contains(occasion) || state.State.Withheld.Contains(occasion))
            return;

        var order = item.Read<OrderEventV1>();
        var profile = await grains.GetGrain<IUserGrain>(order.UserId).GetProfile();
        if (profile is null || await grains.GetGrain<IUserErasureGrain>(order.UserId).IsErased())
        {
            // Recorded, so that a redelivery asks no one again and the decision can be seen.
            state.State.Withheld.Add(occasion);
            await state.WriteStateAsync();
            return;
        }

        await sender.SendAsync(OrderMessages.For(occasion, order, profile), CancellationToken.None);
        state.State.Sent.Add(occasion);
        await state.WriteStateAsync();
    }
}
