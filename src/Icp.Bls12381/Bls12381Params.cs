using System.Numerics;

namespace Icp.Bls12381;

/// <summary>Curve-wide constants of BLS12-381.</summary>
internal static class Bls12381Params
{
    /// <summary>|x| for the BLS parameter x = -0xd201000000010000 (x is negative).</summary>
    internal const ulong XAbs = 0xd201000000010000;

    /// <summary>The prime order r of G1, G2 and GT.</summary>
    internal static readonly BigInteger R = BigInteger.Parse(
        "073eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001",
        System.Globalization.NumberStyles.HexNumber);
}
