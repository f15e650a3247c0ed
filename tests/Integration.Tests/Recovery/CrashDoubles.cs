using System.Collections.Concurrent;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Payments;
using Microsoft.Extensions.Options;

namespace EShop.Integration.Tests.Recovery;

/// <summary>
/// The silos a test has killed. An in-process silo that is killed leaves its pending tasks behind in the test
/// process; a real crash does not. The doubles ask this before they let such a leftover task act again.
/// </summary>
public sealed class CrashedSilos
{
    private readonly ConcurrentDictionary<SiloAddress, byte> _silos = new();

    public void Add(SiloAddress silo) => _silos[silo] = 0;

    public bool Contains(SiloAddress? silo) => silo is not null && _silos.ContainsKey(silo);
}

/// <summary>Tells code that a grain call runs (a payment gateway, shared by all silos) which silo the call runs on.</summary>
public sealed class SiloOfCall : IIncomingGrainCallFilter
{
    private static readonly AsyncLocal<SiloAddress?> Silo = new();

    public static SiloAddress? Current => Silo.Value;

    // Async, so that the value flows into the call and is gone when it returns.
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        Silo.Value = context.TargetContext.Address.SiloAddress;
        await context.Invoke();
    }
}

/// <summary>Calls held at a chosen point until the test lets them go.</summary>
public sealed class Hold
{
    private readonly TaskCompletionSource<SiloAddress?> _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<SiloAddress?> _callers = new();

    /// <summary>Completes with the silo of the first call that reached the hold.</summary>
    public Task<SiloAddress?> Entered => _entered.Task;

    /// <summary>The silo of every call that reached the hold, in order.</summary>
    public IReadOnlyCollection<SiloAddress?> Callers => _callers;

    public void Release() => _released.TrySetResult();

    internal Task WaitAsync(SiloAddress? caller, CancellationToken cancellationToken)
    {
        _callers.Enqueue(caller);
        _entered.TrySetResult(caller);
        return _released.Task.WaitAsync(cancellationToken);
    }
}

/// <summary>
/// One payment provider for the whole cluster, as a real one is: the simulated gateway (which remembers idempotency
/// keys) behind a door that holds the charges of chosen orders. A held charge released after its caller's silo was
/// killed still reaches the provider, which takes the money, but its answer reaches nobody: the hardest crash for
/// a payment, money taken and not recorded.
/// </summary>
public sealed class SharedPaymentGateway(CrashedSilos crashed) : IPaymentGateway
{
    private readonly ConcurrentDictionary<string, Hold> _holds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _failNext = new(StringComparer.Ordinal);

    public SimulatedPaymentGateway Provider { get; } = new(Options.Create(new SimulatedGatewayOptions()), ShopClock.System);

    public Hold HoldChargesOf(string orderId) => _holds.GetOrAdd(orderId, _ => new Hold());

    /// <summary>The next charge of the order fails as a network error would, before it reaches the provider.</summary>
    public void FailNextChargeOf(string orderId) => _failNext[orderId] = 0;

    public bool Accepts(string paymentMethodId) => Provider.Accepts(paymentMethodId);

    public async Task<GatewayChargeResult> ChargeAsync(GatewayCharge charge, CancellationToken cancellationToken)
    {
        var caller = SiloOfCall.Current;
        if (_holds.TryGetValue(charge.OrderId, out var hold))
            await hold.WaitAsync(caller, cancellationToken);
        if (_failNext.TryRemove(charge.OrderId, out _))
            throw new PaymentGatewayException($"Simulated network failure charging {charge.OrderId}.");

        var result = await Provider.ChargeAsync(charge, cancellationToken);
        if (crashed.Contains(caller))
            throw new PaymentGatewayException($"The silo {caller} that sent this charge was killed: the provider took it, nobody heard the answer.");
        return result;
    }

    public Task<GatewayRefundResult> RefundAsync(GatewayRefund refund, CancellationToken cancellationToken) =>
        Provider.RefundAsync(refund, cancellationToken);
}

/// <summary>
/// Holds chosen grain calls in the silo that makes them, before they leave it: calls of one method of one grain
/// interface whose first argument or target key is the given key. Released after that silo was killed, a held call
/// fails instead of being sent: it died with its process.
/// </summary>
public sealed class CallGate(CrashedSilos crashed) : IOutgoingGrainCallFilter
{
    private readonly ConcurrentDictionary<(Type Grain, string Method, string Key), Hold> _holds = new();

    public Hold Hold<TGrain>(string method, string key)
        where TGrain : IAddressable => _holds.GetOrAdd((typeof(TGrain), method, key), _ => new Hold());

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (HoldFor(context) is { } hold)
        {
            var caller = context.SourceContext?.Address.SiloAddress;
            await hold.WaitAsync(caller, CancellationToken.None);
            if (crashed.Contains(caller))
                throw new InvalidOperationException($"The silo {caller} was killed before its call {context.InterfaceName}.{context.MethodName} left it.");
        }

        await context.Invoke();
    }

    private Hold? HoldFor(IOutgoingGrainCallContext context)
    {
        if (_holds.IsEmpty)
            return null;
        var (grain, method) = (context.Request.GetInterfaceType(), context.MethodName);
        if (context.Request.GetArgumentCount() > 0 && context.Request.GetArgument(0) is string argument
            && _holds.TryGetValue((grain, method, argument), out var byArgument))
            return byArgument;
        return _holds.TryGetValue((grain, method, context.TargetId.Key.ToString()), out var byTarget) ? byTarget : null;
    }
}
