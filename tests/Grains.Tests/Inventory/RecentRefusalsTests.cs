using EShop.Grains.Inventory;

namespace EShop.Grains.Tests.Inventory;

public sealed class RecentRefusalsTests
{
    [Fact]
    public void A_refusal_is_remembered_until_newer_ones_push_it_out()
    {
        var refusals = new RecentRefusals(capacity: 3);

        refusals.Add("o1");
        refusals.Add("o2");
        refusals.Add("o1");
        refusals.Add("o3");
        var beforeOverflow = refusals.Contains("o1");
        refusals.Add("o4");

        Assert.True(beforeOverflow);
        Assert.False(refusals.Contains("o1"));
        Assert.True(refusals.Contains("o2") && refusals.Contains("o3") && refusals.Contains("o4"));
        Assert.Equal(3, refusals.Count);
    }

    [Fact]
    public void Memory_stays_bounded_in_a_flash_sale()
    {
        var refusals = new RecentRefusals();

        for (var i = 0; i < 100_000; i++)
            refusals.Add($"o{i}");

        Assert.Equal(RecentRefusals.DefaultCapacity, refusals.Count);
        Assert.True(refusals.Contains("o99999"));
    }
}
