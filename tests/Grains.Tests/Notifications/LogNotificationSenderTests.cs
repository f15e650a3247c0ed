using EShop.Grains.Notifications;
using Microsoft.Extensions.Logging.Testing;

namespace EShop.Grains.Tests.Notifications;

public sealed class LogNotificationSenderTests
{
    [Fact]
    public async Task A_logged_notification_shows_the_recipient_masked()
    {
        var logger = new FakeLogger<LogNotificationSender>();
        var notification = new Notification("ord_1/confirmed", "ann.example@example.com", "Ann Example", "Your order ord_1 is confirmed", "Hello Ann");

        await new LogNotificationSender(logger).SendAsync(notification, TestContext.Current.CancellationToken);

        var line = Assert.Single(logger.Collector.GetSnapshot()).Message;
        Assert.Contains("to a***@example.com", line, StringComparison.Ordinal);
        Assert.DoesNotContain("ann.example", line, StringComparison.Ordinal);
    }
}
