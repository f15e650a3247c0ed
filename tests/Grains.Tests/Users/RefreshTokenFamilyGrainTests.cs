using EShop.Grains.Abstractions.Users;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Users;

namespace EShop.Grains.Tests.Users;

[Collection(SharedCluster.Name)]
public sealed class RefreshTokenFamilyGrainTests(ClusterFixture fixture)
{
    private readonly string _familyId = RefreshTokens.NewFamilyId();
    private readonly string _userId = Accounts.NewUserId();

    private IRefreshTokenFamilyGrain Family => fixture.Client.GetGrain<IRefreshTokenFamilyGrain>(_familyId);

    [Fact]
    public async Task A_started_family_hands_out_a_token_that_rotates_on_every_use()
    {
        var first = await Family.Start(_userId);

        var rotated = await Family.Rotate(first);
        var again = await Family.Rotate(rotated.NewToken!);

        Assert.StartsWith(_familyId + ".", first.Value, StringComparison.Ordinal);
        Assert.Equal((RefreshStatus.Rotated, _userId), (rotated.Status, rotated.UserId));
        Assert.NotEqual(first.Value, rotated.NewToken?.Value);
        Assert.Equal(RefreshStatus.Rotated, again.Status);
        Assert.NotEqual(rotated.NewToken!.Value, again.NewToken?.Value);
    }

    [Fact]
    public async Task Reusing_a_rotated_out_token_revokes_the_family_so_the_current_token_is_refused_too()
    {
        var first = await Family.Start(_userId);
        var current = (await Family.Rotate(first)).NewToken!;

        var reuse = await Family.Rotate(first);
        var afterReuse = await Family.Rotate(current);

        Assert.Equal(new RefreshResult(RefreshStatus.ReuseDetected, _userId), reuse);
        Assert.Equal(new RefreshResult(RefreshStatus.Invalid), afterReuse);
    }

    [Fact]
    public async Task A_revoked_family_refuses_its_current_token()
    {
        var token = await Family.Start(_userId);

        var revoked = await Family.Revoke(token);
        var rotate = await Family.Rotate(token);

        Assert.True(revoked);
        Assert.Equal(RefreshStatus.Invalid, rotate.Status);
    }

    [Fact]
    public async Task A_rotated_out_token_may_still_revoke_its_family()
    {
        var first = await Family.Start(_userId);
        var current = (await Family.Rotate(first)).NewToken!;

        Assert.True(await Family.Revoke(first));
        Assert.Equal(RefreshStatus.Invalid, (await Family.Rotate(current)).Status);
    }

    [Fact]
    public async Task A_token_the_family_never_issued_neither_revokes_nor_rotates_it()
    {
        var token = await Family.Start(_userId);
        var otherFamilyId = RefreshTokens.NewFamilyId();
        var foreign = await fixture.Client.GetGrain<IRefreshTokenFamilyGrain>(otherFamilyId).Start(_userId);
        var forged = new Secret(RefreshTokens.Format(_familyId, RefreshTokens.NewSecret()));

        Assert.False(await Family.Revoke(foreign));
        Assert.False(await Family.Revoke(forged));
        Assert.False(await Family.Revoke(new Secret("garbage")));
        Assert.Equal(RefreshStatus.Invalid, (await Family.Rotate(foreign)).Status);
        Assert.Equal(RefreshStatus.Invalid, (await Family.Rotate(forged)).Status);
        Assert.Equal(RefreshStatus.Rotated, (await Family.Rotate(token)).Status);
    }

    [Fact]
    public async Task The_family_expires_after_its_lifetime_however_often_it_rotated()
    {
        var lifetime = new AccountOptions().RefreshTokenLifetime;
        var token = await Family.Start(_userId);
        fixture.Time.Advance(lifetime - TimeSpan.FromSeconds(1));
        token = (await Family.Rotate(token)).NewToken!;

        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var expired = await Family.Rotate(token);

        Assert.Equal(RefreshStatus.Invalid, expired.Status);
    }

    [Fact]
    public async Task A_family_cannot_be_started_twice()
    {
        await Family.Start(_userId);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Family.Start(Accounts.NewUserId()));
    }

    [Fact]
    public async Task A_family_never_started_refuses_every_token()
    {
        var token = new Secret(RefreshTokens.Format(_familyId, RefreshTokens.NewSecret()));

        Assert.Equal(RefreshStatus.Invalid, (await Family.Rotate(token)).Status);
        Assert.False(await Family.Revoke(token));
    }
}
