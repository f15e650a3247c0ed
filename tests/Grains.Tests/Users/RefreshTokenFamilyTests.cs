using EShop.Grains.Abstractions.Users;
using EShop.Grains.Users;

namespace EShop.Grains.Tests.Users;

public sealed class RefreshTokenFamilyTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static string Hash(int n) => RefreshTokens.HashSecret($"secret-{n}");

    private static RefreshTokenFamily Started() => new()
    {
        UserId = "usr_1",
        CurrentHash = Hash(0),
        ExpiresAt = Now + TimeSpan.FromDays(14),
    };

    [Fact]
    public void Presenting_the_current_token_rotates_to_the_next()
    {
        var family = Started();

        var first = family.Rotate(Hash(0), Hash(1), Now);
        var second = family.Rotate(Hash(1), Hash(2), Now);

        Assert.Equal((RefreshStatus.Rotated, RefreshStatus.Rotated), (first, second));
        Assert.Equal(Hash(2), family.CurrentHash);
        Assert.False(family.Revoked);
    }

    [Fact]
    public void Presenting_a_rotated_out_token_revokes_the_family_and_refuses_the_current_one()
    {
        var family = Started();
        family.Rotate(Hash(0), Hash(1), Now);

        var reuse = family.Rotate(Hash(0), Hash(2), Now);
        var current = family.Rotate(Hash(1), Hash(3), Now);

        Assert.Equal(RefreshStatus.ReuseDetected, reuse);
        Assert.True(family.Revoked);
        Assert.Equal(RefreshStatus.Invalid, current);
        Assert.Equal(Hash(1), family.CurrentHash);
    }

    [Fact]
    public void An_unknown_token_is_invalid_and_changes_nothing()
    {
        var family = Started();

        Assert.Equal(RefreshStatus.Invalid, family.Rotate(Hash(99), Hash(1), Now));
        Assert.Equal((Hash(0), false), (family.CurrentHash, family.Revoked));
        Assert.Equal(RefreshStatus.Rotated, family.Rotate(Hash(0), Hash(1), Now));
    }

    [Fact]
    public void The_current_token_is_refused_once_the_family_expired()
    {
        var family = Started();
        var expiry = family.ExpiresAt;

        Assert.Equal(RefreshStatus.Invalid, family.Rotate(Hash(0), Hash(1), expiry));
        Assert.Equal(Hash(0), family.CurrentHash);
        Assert.Equal(RefreshStatus.Rotated, family.Rotate(Hash(0), Hash(1), expiry - TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void A_stolen_old_token_still_revokes_after_expiry()
    {
        var family = Started();
        family.Rotate(Hash(0), Hash(1), Now);

        Assert.Equal(RefreshStatus.ReuseDetected, family.Rotate(Hash(0), Hash(2), family.ExpiresAt));
        Assert.True(family.Revoked);
    }

    [Fact]
    public void Only_the_most_recent_rotated_out_tokens_are_remembered()
    {
        var family = Started();
        for (var n = 0; n <= RefreshTokenFamily.RememberedTokens; n++)
            family.Rotate(Hash(n), Hash(n + 1), Now);

        var forgotten = family.Rotate(Hash(0), Hash(1000), Now);
        var remembered = family.Rotate(Hash(1), Hash(1000), Now);

        Assert.Equal(RefreshStatus.Invalid, forgotten);
        Assert.Equal(RefreshStatus.ReuseDetected, remembered);
        Assert.Equal(RefreshTokenFamily.RememberedTokens, family.PreviousHashes.Count);
    }

    [Fact]
    public void A_family_knows_the_tokens_it_issued()
    {
        var family = Started();
        family.Rotate(Hash(0), Hash(1), Now);

        Assert.True(family.Issued(Hash(0)));
        Assert.True(family.Issued(Hash(1)));
        Assert.False(family.Issued(Hash(2)));
        Assert.False(new RefreshTokenFamily().Issued(""));
    }

    [Fact]
    public void A_token_is_the_family_id_and_the_secret()
    {
        var familyId = RefreshTokens.NewFamilyId();
        var secret = RefreshTokens.NewSecret();

        Assert.True(RefreshTokens.TryParse(RefreshTokens.Format(familyId, secret), out var parsedFamily, out var parsedSecret));
        Assert.Equal((familyId, secret), (parsedFamily, parsedSecret));
        Assert.False(RefreshTokens.TryParse("no-dot", out _, out _));
        Assert.False(RefreshTokens.TryParse("fam_1.secret", out _, out _));
        Assert.False(RefreshTokens.TryParse($"{familyId}.", out _, out _));
        Assert.False(RefreshTokens.TryParse(null, out _, out _));
    }
}
