using EShop.Grains.Abstractions.Users;
using EShop.Grains.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;

namespace EShop.Grains.Tests.Users;

public sealed class PasswordWorkTests : IDisposable
{
    private static readonly Secret Password = new("correct horse battery staple");

    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private PasswordWork Work(int permits, int queue) => new(
        Options.Create(new PasswordHashingOptions { Permits = permits, QueueLimit = queue, RetryAfter = TimeSpan.FromSeconds(3) }),
        _metrics.GetRequiredService<IMeterFactory>(),
        NullLogger<PasswordWork>.Instance);

    public void Dispose() => _metrics.Dispose();

    [Fact]
    public async Task A_hash_it_computes_verifies_the_password()
    {
        using var work = Work(permits: 1, queue: 0);

        var hash = await work.TryHashAsync(Password);

        Assert.NotNull(hash);
        Assert.Equal(PasswordVerificationResult.Success, await work.TryVerifyAsync(hash, Password));
        Assert.Equal(PasswordVerificationResult.Failed, await work.TryVerifyAsync(hash, new Secret("another one")));
    }

    [Fact]
    public async Task With_every_permit_and_queue_place_taken_further_work_is_refused_at_once_then_accepted_again()
    {
        using var work = Work(permits: 1, queue: 1);
        using var release = new ManualResetEventSlim();
        var running = work.TryRunAsync(release.Wait);
        var queued = work.TryRunAsync(release.Wait);

        var hash = await work.TryHashAsync(Password);
        var verification = await work.TryVerifyAsync("any hash", Password);
        var burnt = await work.TryBurnVerificationTimeAsync(Password);
        release.Set();

        Assert.Equal((null, null, false), (hash, verification, burnt));
        Assert.Equal(TimeSpan.FromSeconds(3), work.RetryAfter);
        Assert.True(await running);
        Assert.True(await queued);
        Assert.NotNull(await work.TryHashAsync(Password));
    }
}
