using System.Security.Cryptography;
using System.Text;
using EShop.Api.Users;
using EShop.Tests.Shared;
using Microsoft.Extensions.Options;

namespace EShop.Api.Tests.Users;

public sealed class SigningKeyTests
{
    public static TheoryData<string> CommittedKeys => [.. SigningKeyRules.Committed];

    [Fact]
    public void Random_keys_as_operators_make_them_pass_outside_development()
    {
        for (var i = 0; i < 1000; i++)
        {
            var bytes = RandomNumberGenerator.GetBytes(32);
            foreach (var key in new[] { Convert.ToBase64String(bytes), Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_'), Convert.ToHexString(bytes), Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)) })
                Assert.True(Validate("Production", key).Succeeded, $"{key} was refused: {Validate("Production", key).FailureMessage}");
        }
    }

    [Theory]
    [MemberData(nameof(CommittedKeys))]
    public void Every_key_committed_to_the_repository_fails_outside_development(string key)
    {
        var result = Validate("Production", key);

        Assert.True(result.Failed);
        Assert.Contains("committed", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("this-is-my-very-long-and-secret-signing-key-for-prod!")]
    public void Guessable_keys_of_32_bytes_or_more_fail_outside_development(string key)
    {
        Assert.True(Validate("Production", key).Failed);
    }

    [Fact]
    public void Base64_of_an_ascii_passphrase_fails_outside_development()
    {
        var key = Convert.ToBase64String(Encoding.UTF8.GetBytes("correct horse battery staple, Tr0ub4dor&3 and more"));

        Assert.True(Validate("Production", key).Failed);
    }

    [Fact]
    public void A_random_key_shorter_than_256_bits_fails_outside_development()
    {
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(31));

        var result = Validate("Production", key);

        Assert.True(result.Failed);
        Assert.Contains("31 bytes", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reason_never_repeats_the_key()
    {
        const string key = "this-is-my-very-long-and-secret-signing-key-for-prod!";

        Assert.DoesNotContain(key, Validate("Staging", key).FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("development-only-signing-key-change-me-0123456789")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Development_keeps_accepting_any_key_of_32_bytes(string key)
    {
        Assert.True(Validate("Development", key).Succeeded);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public void A_key_shorter_than_32_bytes_fails_everywhere(string environment)
    {
        Assert.True(Validate(environment, "short-key").Failed);
    }

    private static ValidateOptionsResult Validate(string environment, string key) =>
        new JwtOptionsValidator(new NamedEnvironment(environment)).Validate(null, new JwtOptions { SigningKey = key });
}
