namespace Bridge.CrashTests;

/// <summary>The crash tests run one at a time: each runs a replica and bridges as processes on a small machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashCollection
{
    public const string Name = "crash";
}
