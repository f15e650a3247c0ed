namespace EShop.Integration.Tests.Recovery;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RecoveryCollection
{
    /// <summary>Crash tests kill silos and processes and wait for failure detection: they run alone, not beside other tests.</summary>
    public const string Name = "Recovery";
}
