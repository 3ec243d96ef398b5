namespace Icp.Canisters.Tests;

/// <summary>The canisters compile offline, their interfaces match candid/, and their Motoko unit tests pass.</summary>
public class MotokoBuildTests
{
    [Theory]
    [InlineData("rollup")]
    [InlineData("ledger")]
    public void Canister_compiles_with_the_committed_interface(string name)
    {
        var build = CanisterBuild.Instance;
        Assert.Contains($"{name}: interface matches candid/{name}.did", build.BuildOutput);
        var wasm = build.Wasm(name);
        Assert.Equal("\0asm"u8.ToArray(), wasm[..4]);
    }

    [Fact]
    public void Motoko_unit_tests_pass()
    {
        // SHA-256 vectors, RFC 6962 Merkle proofs, ICRC-3 value hashing, the rollup's and the ledger's rules.
        var output = Node.Run(CanisterBuild.Instance.RepoRoot, "canisters/test.mjs");
        Assert.Matches(@"(\d+)/\1 test files passed", output);
        Assert.DoesNotContain("FAIL", output);
    }
}
