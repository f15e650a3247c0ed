using EShop.Grains.Abstractions.Common;

namespace EShop.Grains.Tests.Common;

public sealed class EchoTests
{
    [Fact]
    public void Short_input_is_quoted_whole()
    {
        Assert.Equal("CLASSIC-TEE-BLACK-M", Echo.Of("CLASSIC-TEE-BLACK-M"));
    }

    [Fact]
    public void Long_input_is_cut_to_64_characters_and_an_ellipsis()
    {
        var echoed = Echo.Of(new string('s', 5_000_000));

        Assert.Equal(new string('s', 64) + "…", echoed);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var echoed = Echo.Of(new string('a', 63) + "😀" + "tail");

        Assert.Equal(new string('a', 63) + "…", echoed);
    }
}
