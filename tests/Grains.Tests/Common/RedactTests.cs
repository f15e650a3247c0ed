using EShop.Grains.Common;

namespace EShop.Grains.Tests.Common;

public sealed class RedactTests
{
    [Theory]
    [InlineData("ann@example.com", "a***@example.com")]
    [InlineData("x@y.org", "x***@y.org")]
    [InlineData("not-an-address", "***")]
    [InlineData("@example.com", "***")]
    [InlineData(null, "***")]
    public void Emails_are_masked_to_their_first_letter_and_domain(string? email, string masked)
    {
        Assert.Equal(masked, Redact.Email(email));
    }
}
