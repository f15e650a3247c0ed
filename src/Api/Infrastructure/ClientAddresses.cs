using System.Net;
using System.Net.Sockets;

namespace EShop.Api.Infrastructure;

/// <summary>
/// The key a client is known by for rate limits and login lockouts: the connection's address, which forwarded
/// headers (when a trusted proxy sets them) have already replaced with the real client's. An IPv6 client is keyed
/// by its /64, the block one subscriber usually holds, so that hopping between its addresses is not a new client.
/// </summary>
public static class ClientAddresses
{
    public const string Unknown = "unknown";

    public static string Of(HttpContext http) => Key(http.Connection.RemoteIpAddress);

    public static string Key(IPAddress? address)
    {
        if (address is null)
            return Unknown;
        if (address.IsIPv4MappedToIPv6)
            return address.MapToIPv4().ToString();
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address.ToString();

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return $"{new IPAddress(bytes)}/64";
    }
}
