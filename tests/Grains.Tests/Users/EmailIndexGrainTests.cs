using EShop.Grains.Abstractions.Users;
using EShop.Grains.Tests.Infrastructure;

namespace EShop.Grains.Tests.Users;

[Collection(SharedCluster.Name)]
public sealed class EmailIndexGrainTests(ClusterFixture fixture)
{
    private const string Client = "192.0.2.1";

    private readonly string _email = Accounts.NewEmail();

    private IEmailIndexGrain Index => fixture.Client.GetGrain<IEmailIndexGrain>(UserRules.NormalizeEmail(_email));

    [Fact]
    public async Task Of_twenty_concurrent_registrations_of_one_email_exactly_one_wins()
    {
        var registrations = Enumerable.Range(0, 20).Select(_ => Accounts.Registration(Accounts.NewUserId(), _email)).ToArray();

        var answers = await Task.WhenAll(registrations.Select(registration => fixture.Client.GetGrain<IEmailIndexGrain>(
            UserRules.NormalizeEmail(registration.Email)).Register(registration)));

        var won = answers.Select(a => a.Status == RegistrationStatus.Created).ToArray();
        Assert.Single(won, w => w);
        Assert.Equal(19, answers.Count(a => a.Status == RegistrationStatus.EmailTaken));
        var winner = registrations[Array.IndexOf(won, true)].UserId;
        Assert.Equal(winner, await Index.GetUserId());
        var profiles = await Task.WhenAll(registrations.Select(r => fixture.Client.GetGrain<IUserGrain>(r.UserId).GetProfile()));
        Assert.Equal([winner], profiles.OfType<UserProfile>().Select(p => p.UserId));
    }

    [Fact]
    public async Task The_same_user_registering_again_is_answered_created()
    {
        var registration = Accounts.Registration(Accounts.NewUserId(), _email);

        var first = await Index.Register(registration);
        var again = await Index.Register(registration);

        Assert.Equal(RegistrationStatus.Created, first.Status);
        Assert.Equal(RegistrationStatus.Created, again.Status);
        Assert.Equal(registration.UserId, await Index.GetUserId());
    }

    [Fact]
    public async Task A_taken_email_refuses_another_user_whatever_its_case()
    {
        var owner = Accounts.Registration(Accounts.NewUserId(), _email);
        var other = Accounts.Registration(Accounts.NewUserId(), _email.ToUpperInvariant());
        await Index.Register(owner);

        var taken = await Index.Register(other);

        Assert.Equal(new RegistrationResult(RegistrationStatus.EmailTaken), taken);
        Assert.Equal(owner.UserId, await Index.GetUserId());
        Assert.Null(await fixture.Client.GetGrain<IUserGrain>(other.UserId).GetProfile());
    }

    [Fact]
    public async Task An_unregistered_email_names_no_user()
    {
        Assert.Null(await Index.GetUserId());
    }

    [Fact]
    public async Task The_registered_password_logs_in_through_the_email_and_a_wrong_one_does_not()
    {
        var registration = Accounts.Registration(Accounts.NewUserId(), _email, "a password of ours");
        await Index.Register(registration);

        var right = await Index.Login(new Secret("a password of ours"), Client);
        var wrong = await Index.Login(new Secret("not our password"), Client);

        Assert.Equal((LoginStatus.Succeeded, registration.UserId), (right.Status, right.Profile?.UserId));
        Assert.Equal(new LoginResult(LoginStatus.BadCredentials), wrong);
    }

    [Fact]
    public async Task Logging_in_with_an_unknown_email_is_refused_as_bad_credentials_and_creates_nothing()
    {
        var result = await Index.Login(new Secret("whatever it is"), Client);

        Assert.Equal(new LoginResult(LoginStatus.BadCredentials), result);
        Assert.Null(await Index.GetUserId());
    }
}
