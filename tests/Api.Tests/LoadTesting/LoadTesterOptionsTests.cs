using EShop.LoadTest;
using EShop.LoadTest.Options;

namespace EShop.Api.Tests.LoadTesting;

public sealed class LoadTesterOptionsTests
{
    [Theory]
    [InlineData("Unknown scenario 'stampede'", "stampede")]
    [InlineData("--users 'many' must be a whole number", "checkout", "--users", "many")]
    [InlineData("--users '0' must be a whole number", "checkout", "--users", "0")]
    [InlineData("Unknown option --speed", "browse", "--speed", "11")]
    [InlineData("--note 'pgbench' must be key=value", "flash", "--note", "pgbench")]
    [InlineData("--url 'ftp://shop' is not an http", "browse", "--url", "ftp://shop")]
    [InlineData("--mix '50/50/50' must add up to 100", "mixed", "--mix", "50/50/50")]
    [InlineData("--seconds needs a value", "checkout", "--seconds")]
    [InlineData("Unexpected argument 'flash'", "checkout", "flash")]
    public async Task A_bad_command_line_exits_with_code_2_and_says_what_is_wrong(string message, params string[] args)
    {
        using var console = new CapturedConsole();

        var exit = await LoadTestApp.RunAsync(args, console.Console, TestContext.Current.CancellationToken);

        Assert.Equal(LoadTestApp.BadUsage, exit);
        Assert.Contains(message, console.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_command_line_is_read_into_the_options()
    {
        var options = OptionsParser.Parse(["flash", "--url", "http://10.0.0.5:8080", "--buyers", "300", "--units=30", "--settle-timeout", "2.5",
            "--label", "nightly", "--note", "pgbench_tps=812", "--note", "conn=a=b", "--one-address"]);

        Assert.Equal(Scenario.Flash, options.Scenario);
        Assert.Equal(new Uri("http://10.0.0.5:8080"), options.Url);
        Assert.Equal((300, 30), (options.Buyers, options.Units));
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.SettleTimeout);
        Assert.Equal("nightly", options.Label);
        Assert.Equal("812", options.Notes["pgbench_tps"]);
        Assert.Equal("a=b", options.Notes["conn"]);
        Assert.True(options.OneAddress);
    }

    [Fact]
    public void Defaults_follow_the_issue_and_bound_the_run()
    {
        var options = OptionsParser.Parse([]);

        Assert.Equal(Scenario.Checkout, options.Scenario);
        Assert.Equal((1, 2000, 100), (options.Lines, options.Buyers, options.Units));
        Assert.Equal(TimeSpan.FromSeconds(3), options.Warmup);
        Assert.Equal(TimeSpan.FromSeconds(30), options.SettleTimeout);
        Assert.True(options.LoadDeadline < TimeSpan.FromMinutes(5));
        Assert.StartsWith(Path.Combine("loadtest-results", "checkout-"), options.OutputFolder(DateTimeOffset.UtcNow), StringComparison.Ordinal);
    }
}
