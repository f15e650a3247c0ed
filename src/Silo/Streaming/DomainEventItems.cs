using EShop.Grains.Abstractions.Events;
using Orleans.Streams;

namespace EShop.Silo.Streaming;

/// <summary>What a batch container of the shop's stream providers hands a consumer: its one event, or a clear refusal.</summary>
internal static class DomainEventItems
{
    /// <exception cref="NotSupportedException">A consumer asked for items of another type than <see cref="DomainEvent"/>.</exception>
    public static IEnumerable<Tuple<T, StreamSequenceToken>> Of<T>(DomainEvent domainEvent, StreamSequenceToken token, StreamId streamId, string provider)
    {
        if (domainEvent is T item)
            return [Tuple.Create(item, token)];
        throw new NotSupportedException(
            $"The {provider} stream provider carries {nameof(DomainEvent)} items only; a consumer of {streamId} asked for {typeof(T).FullName}.");
    }
}
