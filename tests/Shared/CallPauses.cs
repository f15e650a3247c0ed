using System.Collections.Concurrent;
using Orleans;
using Orleans.Runtime;

namespace EShop.Tests.Doubles;

/// <summary>
/// An outgoing call filter that, once armed for a caller grain and a method, holds that caller right after the
/// call returns until the test lets it go. The caller stays busy, so its other (non-interleaving) calls wait too:
/// this is how a test stands inside a save that is still in flight.
/// </summary>
public sealed class CallPauses : IOutgoingGrainCallFilter
{
    private readonly ConcurrentDictionary<(GrainId Caller, string Method), Pause> _armed = new();

    public Pause AfterCall(GrainId caller, string method)
    {
        var pause = new Pause();
        if (!_armed.TryAdd((caller, method), pause))
            throw new InvalidOperationException($"A pause after {method} from {caller} is already armed.");
        return pause;
    }

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        await context.Invoke();
        if (context.SourceId is { } caller && _armed.TryRemove((caller, context.MethodName), out var pause))
            await pause.HoldAsync();
    }

    public sealed class Pause
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the caller has made the call and is being held.</summary>
        public Task Reached => _reached.Task;

        public void Release() => _released.TrySetResult();

        internal Task HoldAsync()
        {
            _reached.TrySetResult();
            return _released.Task;
        }
    }
}
