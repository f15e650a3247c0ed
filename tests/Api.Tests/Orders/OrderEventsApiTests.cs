using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Orders;
using EShop.Api.Orders;
using EShop.Grains.Orders;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using static EShop.Api.Tests.Orders.Checkouts;

namespace EShop.Api.Tests.Orders;

/// <summary>GET /api/orders/{orderId}/events: an order's live status as Server-Sent Events.</summary>
[Collection(ApiCollection.Name)]
public sealed class OrderEventsApiTests(ApiFactory factory)
{
    private IGrainFactory Grains => factory.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task A_checkout_observed_over_SSE_sees_Pending_then_Confirmed_and_the_stream_ends_once_cancelled()
    {
        var (_, sku, _) = await factory.TwoFreshSkus(5, 0);
        var customer = await factory.Customer();
        await customer.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 1 });
        var key = Guid.NewGuid().ToString();
        var userId = (await customer.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("userId").GetString();
        // The order is held right after reserving its stock, so that the stream opens while it is Pending.
        var orderId = CheckoutRequestGrain.OrderIdFor($"{userId}/{key}");
        var hold = factory.Pauses.AfterCall(Grains.GetGrain<IOrderGrain>(orderId).GetGrainId(), nameof(IInventoryGrain.Reserve));
        Assert.Equal(orderId, await Accepted(await PlaceOrder(customer, key)));
        await hold.Reached;

        await using var stream = await OrderEventStream.Open(customer, orderId);
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        var pending = await stream.NextEvent();
        Assert.Equal(("order", "1", "Pending"), (pending.Event, pending.Id, pending.Status));
        Assert.Equal(await customer.GetStringAsync($"/api/orders/{orderId}"), pending.Data);

        hold.Release();
        var confirmed = await stream.NextEvent();
        Assert.Equal(("order", "2", "Confirmed"), (confirmed.Event, confirmed.Id, confirmed.Status));
        Assert.Equal(await customer.GetStringAsync($"/api/orders/{orderId}"), confirmed.Data);

        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsync($"/api/orders/{orderId}/cancel", null)).StatusCode);
        var cancelled = await stream.NextEvent();
        Assert.Equal(("3", "Cancelled"), (cancelled.Id, cancelled.Status));
        Assert.Equal(["Pending", "Confirmed", "Cancelled"], Statuses(cancelled));
        Assert.Empty(await stream.EventsToTheEnd());
    }

    [Fact]
    public async Task A_client_that_reconnects_with_Last_Event_ID_misses_nothing_and_sees_nothing_twice()
    {
        var (customer, admin, orderId) = await ConfirmedOrder();
        await using (var first = await OrderEventStream.Open(customer, orderId))
        {
            var confirmed = await first.NextEvent();
            Assert.Equal(("2", "Confirmed"), (confirmed.Id, confirmed.Status));
        }

        // While the client is away, the order ships and is delivered.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/orders/{orderId}/ship", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/orders/{orderId}/deliver", null)).StatusCode);

        await using var resumed = await OrderEventStream.Open(customer, orderId, lastEventId: "2");
        var missed = await resumed.EventsToTheEnd();
        Assert.Equal(["3", "4"], missed.Select(e => e.Id));
        Assert.Equal(["Shipped", "Delivered"], missed.Select(e => e.Status));
        Assert.Equal(["Pending", "Confirmed", "Shipped"], Statuses(missed[0]));
        Assert.Equal(await customer.GetStringAsync($"/api/orders/{orderId}"), missed[1].Data);

        // From the start, every status once, each the order as it stood then.
        await using var replayed = await OrderEventStream.Open(customer, orderId, lastEventId: "0");
        var all = await replayed.EventsToTheEnd();
        Assert.Equal(["1", "2", "3", "4"], all.Select(e => e.Id));
        Assert.Equal(["Pending", "Confirmed", "Shipped", "Delivered"], all.Select(e => e.Status));
        Assert.All(all, e => Assert.Equal(int.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture), Statuses(e).Length));

        // A client that saw the end already gets an empty stream at once: not the last event again, not a heartbeat.
        await using var done = await OrderEventStream.Open(customer, orderId, lastEventId: "4");
        Assert.Equal(HttpStatusCode.OK, done.Response.StatusCode);
        Assert.Null(await done.Next());
    }

    [Fact]
    public async Task A_change_the_order_grain_could_not_tell_after_losing_its_watchers_reaches_the_stream_at_the_next_renewal()
    {
        var (customer, _, orderId) = await ConfirmedOrder();
        await using var stream = await OrderEventStream.Open(customer, orderId);
        Assert.Equal("2", (await stream.NextEvent()).Id);
        var order = Grains.GetGrain<IOrderGrain>(orderId);
        var probe = new ProbeWatcher();
        var probeReference = Grains.CreateObjectReference<IOrderWatcher>(probe);
        try
        {
            await order.Watch(probeReference);
            // Watchers live in the activation: a new one (as after a silo crash) knows none of them.
            await order.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
            Assert.Equal(HttpStatusCode.OK, (await customer.PostAsync($"/api/orders/{orderId}/cancel", null)).StatusCode);

            var cancelled = await stream.NextEvent();

            Assert.Equal(("3", "Cancelled"), (cancelled.Id, cancelled.Status));
            Assert.False(probe.Told, "the order grain kept its watchers, so this test did not lose a notification");
        }
        finally
        {
            Grains.DeleteObjectReference<IOrderWatcher>(probeReference);
        }
    }

    [Fact]
    public async Task An_open_stream_gets_a_heartbeat_comment_within_the_configured_interval()
    {
        var (customer, _, orderId) = await ConfirmedOrder();
        await using var stream = await OrderEventStream.Open(customer, orderId);
        Assert.Equal("Confirmed", (await stream.NextEvent()).Status);

        var clock = Stopwatch.StartNew();
        // The interval plus a second for a loaded machine: a stream without heartbeats times out here.
        var next = await stream.Next(within: ApiFactory.HeartbeatInterval + TimeSpan.FromSeconds(1));

        Assert.Equal("heartbeat", next?.Comment);
        Assert.True(clock.Elapsed < ApiFactory.HeartbeatInterval + TimeSpan.FromSeconds(1), $"the heartbeat took {clock.Elapsed}");
    }

    [Fact]
    public async Task Another_customers_order_is_404_anonymous_is_401_and_a_bad_Last_Event_ID_is_400()
    {
        var (_, _, orderId) = await ConfirmedOrder();
        var stranger = await factory.Customer();

        await (await stranger.GetAsync($"/api/orders/{orderId}/events")).AssertProblem(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/orders/{orderId}")).AssertProblem(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/orders/{Ids.NewOrderId()}/events")).AssertProblem(HttpStatusCode.NotFound);
        await (await factory.CreateClient().GetAsync($"/api/orders/{orderId}/events")).AssertProblem(HttpStatusCode.Unauthorized);

        var (owner, _, ownOrder) = await ConfirmedOrder();
        var bad = new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{ownOrder}/events") { Headers = { { "Last-Event-ID", "two" } } };
        Assert.Equal(["Last-Event-ID"], await (await owner.SendAsync(bad)).AssertValidationFields());
    }

    [Fact]
    public async Task A_refused_stream_asked_for_as_text_event_stream_alone_still_gets_problem_details_with_a_trace_id()
    {
        var (_, _, orderId) = await ConfirmedOrder();
        var stranger = await factory.Customer();
        HttpRequestMessage AsEventSource() => new(HttpMethod.Get, $"/api/orders/{orderId}/events") { Headers = { { "Accept", "text/event-stream" } } };

        await (await stranger.SendAsync(AsEventSource())).AssertProblem(HttpStatusCode.NotFound);
        await (await factory.CreateClient().SendAsync(AsEventSource())).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_admin_watches_any_order()
    {
        var (_, admin, orderId) = await ConfirmedOrder();

        await using var stream = await OrderEventStream.Open(admin, orderId);

        var first = await stream.NextEvent();
        Assert.Equal(("2", "Confirmed"), (first.Id, first.Status));
    }

    [Fact]
    public async Task A_thousand_concurrent_streams_on_one_process_all_get_the_first_event_and_then_the_next_status()
    {
        const int Orders = 50, Streams = 1000;
        var (_, sku, _) = await factory.TwoFreshSkus(Orders, 0);
        var customer = await factory.Customer();
        var userId = (await customer.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("userId").GetString()!;
        var price = new Money(2500, "usd");
        var command = new PlaceOrder(userId, [new OrderLine(sku, "Lamp", 1, price, price)], price, new("", "Ann Example", "1 Main St", null, "Springfield", "12345", "US"), "pm_card_visa");
        var orderIds = Enumerable.Range(0, Orders).Select(_ => Ids.NewOrderId()).ToArray();
        await Task.WhenAll(orderIds.Select(id => Grains.GetGrain<IOrderGrain>(id).Start(command)));
        await ApiClients.Until(
            () => Task.WhenAll(orderIds.Select(id => Grains.GetGrain<IOrderGrain>(id).GetOrder())),
            orders => orders.All(o => o?.Status == OrderStatus.Confirmed),
            "all orders confirmed");
        var (heapBefore, workingSetBefore) = Memory();

        var streams = await Task.WhenAll(Enumerable.Range(0, Streams).Select(i => OrderEventStream.Open(customer, orderIds[i % Orders])));
        try
        {
            var first = await Task.WhenAll(streams.Select(s => s.NextEvent()));
            Assert.All(first, e => Assert.Equal(("2", "Confirmed"), (e.Id, e.Status)));
            var (heapOpen, workingSetOpen) = Memory();
            var hub = factory.Services.GetRequiredService<OrderWatchHub>();
            Assert.Equal(Streams, hub.OpenStreams);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{Streams} open streams over {Orders} orders, both ends in this process (test server, client, contract tee): " +
                $"GC heap {(heapOpen - heapBefore) / Streams / 1024.0:F1} KiB per stream, working set {(workingSetOpen - workingSetBefore) / Streams / 1024.0:F1} KiB per stream");

            await Task.WhenAll(orderIds.Select(id => Grains.GetGrain<IOrderGrain>(id).Ship()));

            var next = await Task.WhenAll(streams.Select(s => s.NextEvent()));
            Assert.All(next, e => Assert.Equal(("3", "Shipped"), (e.Id, e.Status)));
            Assert.Equal(orderIds.SelectMany(id => Enumerable.Repeat(id, Streams / Orders)).Order(StringComparer.Ordinal),
                next.Select(e => e.Order.GetProperty("orderId").GetString()!).Order(StringComparer.Ordinal));
        }
        finally
        {
            foreach (var stream in streams)
                await stream.DisposeAsync();
        }

        // Every stream the clients left is closed on the server too: nothing is left registered.
        var hubAfter = factory.Services.GetRequiredService<OrderWatchHub>();
        await ApiClients.Until(() => Task.FromResult(hubAfter.OpenStreams), open => open == 0, "all streams closed");
    }

    private static (long Heap, long WorkingSet) Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }

    internal async Task<(HttpClient Customer, HttpClient Admin, string OrderId)> ConfirmedOrder()
    {
        var (admin, sku, _) = await factory.TwoFreshSkus(5, 0);
        var customer = await factory.Customer();
        await customer.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 1 });
        var orderId = await Accepted(await PlaceOrder(customer, Guid.NewGuid().ToString()));
        Assert.Equal("Confirmed", (await Settled(customer, orderId)).GetProperty("status").GetString());
        return (customer, admin, orderId);
    }

    /// <summary>A watcher registered once and never renewed: told only while the activation it registered with lives.</summary>
    private sealed class ProbeWatcher : IOrderWatcher
    {
        private volatile bool _told;

        public bool Told => _told;

        public Task OrderChanged(Order order)
        {
            _told = true;
            return Task.CompletedTask;
        }
    }

    private static string[] Statuses(SseFrame frame) =>
        [.. frame.Order.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()!)];
}

/// <summary>The test host's contract check reads an event stream's data lines against the schema the document names.</summary>
public sealed class OrderEventsContractCheckTests
{
    private const string Route = "/api/orders/{orderId}/events";

    [Fact]
    public void An_event_whose_data_is_not_an_Order_breaks_the_contract_and_a_heartbeat_or_a_cut_off_frame_does_not()
    {
        var broken = "event: order\nid: 1\ndata: {\"orderId\":\"ord_1\"}\n\n: heartbeat\n\nevent: order\nid: 2\ndata: {\"trunc"u8.ToArray();
        var comments = ": heartbeat\n\n: heartbeat\n\n"u8.ToArray();

        var problems = OpenApiContract.Committed.Problems("GET", Route, 200, "text/event-stream", broken);

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.Contains("event data", p, StringComparison.Ordinal));
        Assert.Empty(OpenApiContract.Committed.Problems("GET", Route, 200, "text/event-stream", comments));
        var example = OpenApiContract.Committed.Document["components"]!["schemas"]!["Order"]!["examples"]![0]!.ToJsonString();
        var valid = System.Text.Encoding.UTF8.GetBytes($"event: order\nid: 2\ndata: {example}\n\n: heartbeat\n\n");
        Assert.Empty(OpenApiContract.Committed.Problems("GET", Route, 200, "text/event-stream", valid));
    }
}

/// <summary>The OrderEvents settings keep the contract's heartbeat and renew well inside the grains' watcher expiry.</summary>
public sealed class OrderEventsOptionsTests
{
    [Fact]
    public void A_heartbeat_over_15_s_or_a_renewal_over_half_the_watcher_expiry_is_refused_and_the_defaults_pass()
    {
        var validator = new OrderEventsOptionsValidator();

        Assert.True(validator.Validate(null, new OrderEventsOptions()).Succeeded);
        Assert.Empty(Annotations(new OrderEventsOptions()));
        Assert.True(validator.Validate(null, new OrderEventsOptions { RenewInterval = OrderTimeline.WatcherExpiry / 2 + TimeSpan.FromSeconds(1) }).Failed);
        Assert.Equal(["HeartbeatInterval"], Annotations(new OrderEventsOptions { HeartbeatInterval = TimeSpan.FromSeconds(16) }));
    }

    private static string[] Annotations(OrderEventsOptions options)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);
        return [.. results.SelectMany(r => r.MemberNames)];
    }
}
