using EShop.Grains.Abstractions.Users;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Users;

namespace EShop.Grains.Tests.Users;

[Collection(SharedCluster.Name)]
public sealed class EmailIndexGrainTests(ClusterFixture fixture)
{
    private readonly string _email = Accounts.NewEmail();

    private IEmailIndexGrain Index => fixture.Client.GetGrain<IEmailIndexGrain>(UserRules.NormalizeEmail(_email));

    [Fact]
    public async Task Of_twenty_concurrent_registrations_of_one_email_exactly_one_wins()
    {
        var users = Enumerable.Range(0, 20).Select(_ => Accounts.New(Accounts.NewUserId(), _email)).ToArray();

        var answers = await Task.WhenAll(users.Select(user => fixture.Client.GetGrain<IEmailIndexGrain>(
            UserRules.NormalizeEmail(user.Email)).Register(user)));

        Assert.Single(answers, won => won);
        var winner = users[Array.IndexOf(answers, true)].UserId;
        Assert.Equal(winner, await Index.GetUserId());
        var profiles = await Task.WhenAll(users.Select(u => fixture.Client.GetGrain<IUserGrain>(u.UserId).GetProfile()));
        Assert.Equal([winner], profiles.OfType<UserProfile>().Select(p => p.UserId));
    }

    [Fact]
    public async Task The_same_user_registering_again_is_answered_true()
    {
        var user = Accounts.New(Accounts.NewUserId(), _email);

        var first = await Index.Register(user);
        var again = await Index.Register(user);

        Assert.True(first);
        Assert.True(again);
        Assert.Equal(user.UserId, await Index.GetUserId());
    }

    [Fact]
    public async Task A_taken_email_refuses_another_user_whatever_its_case()
    {
        var owner = Accounts.New(Accounts.NewUserId(), _email);
        var other = Accounts.New(Accounts.NewUserId(), _email.ToUpperInvariant());
        await Index.Register(owner);

        var taken = await Index.Register(other);

        Assert.False(taken);
        Assert.Equal(owner.UserId, await Index.GetUserId());
        Assert.Null(await fixture.Client.GetGrain<IUserGrain>(other.UserId).GetProfile());
    }

    [Fact]
    public async Task An_unregistered_email_names_no_user()
    {
        Assert.Null(await Index.GetUserId());
    }
}
