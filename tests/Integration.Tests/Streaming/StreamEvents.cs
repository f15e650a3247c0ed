using EShop.Grains.Abstractions.Events;

namespace EShop.Integration.Tests.Streaming;

/// <summary>Events no shop consumer acts on (their type is the tests' own), with every CloudEvents attribute set.</summary>
internal static class StreamEvents
{
    public const string PingType = "eshop.test.ping.v1";
    public const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static string NewKey() => $"k-{Guid.NewGuid():N}";

    public static DomainEvent Ping(string key, int number) =>
        new($"{key}-{number}", PingType, "/tests/kafka", key, Start.AddSeconds(number), TraceParent, $$"""{"number":{{number}},"key":"{{key}}"}""");

    public static List<DomainEvent> Pings(string key, int count) => [.. Enumerable.Range(1, count).Select(n => Ping(key, n))];
}
