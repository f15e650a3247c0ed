using System.Net;
using EShop.Api.Infrastructure;

namespace EShop.Api.Tests.Infrastructure;

public sealed class ClientAddressesTests
{
    [Theory]
    [InlineData("203.0.113.9", "203.0.113.9")]
    [InlineData("::ffff:203.0.113.9", "203.0.113.9")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void A_client_is_keyed_by_its_IPv4_address_or_its_IPv6_64_block(string address, string key)
    {
        Assert.Equal(key, ClientAddresses.Key(IPAddress.Parse(address)));
    }

    [Fact]
    public void A_connection_without_an_address_is_one_unknown_client()
    {
        Assert.Equal(ClientAddresses.Unknown, ClientAddresses.Key(null));
    }
}
