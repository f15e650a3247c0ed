using EShop.Grains.Inventory;
using EShop.Silo.Hosting;

namespace EShop.Grains.Tests.Inventory;

/// <summary>The stored shape of an inventory, as the silo's grain storage writes and reads it.</summary>
public sealed class StockLevelJsonTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_state_written_before_ended_holds_were_kept_apart_still_loads()
    {
        const string v2 = """
            {"Level":{"OnHand":7,"Holds":{
              "live":{"Quantity":2,"State":"Reserved","ExpiresAt":"2030-01-01T12:15:00+00:00","ChangedAt":"2030-01-01T12:00:00+00:00"},
              "sold":{"Quantity":1,"State":"Committed","ExpiresAt":"2030-01-01T12:15:00+00:00","ChangedAt":"2030-01-01T12:00:00+00:00"},
              "refused":{"Quantity":9,"State":"Refused","ExpiresAt":"2030-01-01T12:15:00+00:00","ChangedAt":"2030-01-01T12:00:00+00:00"}}},
             "Outbox":[]}
            """;

        var level = GrainStateJson.Serializer.Deserialize<InventoryState>(BinaryData.FromString(v2))!.Level;
        var normalized = level.Normalized();

        Assert.Empty(level.Ended);
        Assert.Equal((7, 2), (normalized.OnHand, normalized.Reserved(Now)));
        Assert.Equal(["live"], normalized.Holds.Keys);
        Assert.Equal(["sold"], normalized.Ended.Keys);
    }

    [Fact]
    public void A_state_round_trips_with_its_reservations_and_ended_holds()
    {
        var level = StockLevel.Empty with { OnHand = 5 };
        level = level.Reserve("live", 1, TimeSpan.FromMinutes(15), Now).Level;
        level = level.Reserve("sold", 2, TimeSpan.FromMinutes(15), Now).Level.Commit("sold", Now).Level;

        var json = GrainStateJson.Serializer.Serialize(new InventoryState { Level = level });
        var read = GrainStateJson.Serializer.Deserialize<InventoryState>(json)!.Level;

        Assert.Equal(level.OnHand, read.OnHand);
        Assert.Equal(level.Holds.OrderBy(h => h.Key), read.Holds.OrderBy(h => h.Key));
        Assert.Equal(level.Ended.OrderBy(h => h.Key), read.Ended.OrderBy(h => h.Key));
    }
}
