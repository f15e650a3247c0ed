namespace EShop.Grains.Common;

/// <summary>
/// Grain state that knows whether its grain still has work to finish (a running checkout saga). The shop's storage
/// writes that mark in the same row and the same group commit as the state, and the silo's recovery loop wakes
/// every grain whose mark has stood still for a while: after a crash, and as the periodic tick of long waits.
/// </summary>
public interface IPendingWorkState
{
    bool HasPendingWork { get; }
}

/// <summary>A grain the recovery loop can wake to carry on with its pending work.</summary>
[Alias("eshop.pending-work-grain")]
public interface IPendingWorkGrain : IGrainWithStringKey
{
    /// <summary>Carries on from the stored state; idempotent, and cheap when there is nothing to do.</summary>
    [Alias("ResumePendingWork")]
    Task ResumePendingWork();
}
