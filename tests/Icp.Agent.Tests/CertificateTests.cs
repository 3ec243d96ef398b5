using System.Text;
using System.Text.Json;
using Icp.Agent.Certification;
using Icp.Candid;

namespace Icp.Agent.Tests;

public class CertificateTests
{
    private static readonly JsonElement Data = Vectors.Load("certificates.json");

    private static IEnumerable<JsonElement> Fixtures => Data.GetProperty("fixtures").EnumerateArray();

    private static JsonElement Fixture(string id) => Fixtures.Single(f => f.GetProperty("id").GetString() == id);

    private static JsonElement Negative(string id) =>
        Data.GetProperty("derived_negative_fixtures").EnumerateArray().Single(f => f.GetProperty("id").GetString() == id);

    public static TheoryData<string> FixtureIds()
    {
        var data = new TheoryData<string>();
        foreach (var f in Fixtures) data.Add(f.GetProperty("id").GetString()!);
        return data;
    }

    public static TheoryData<string, int> Checks()
    {
        var data = new TheoryData<string, int>();
        foreach (var f in Fixtures)
            for (var i = 0; i < f.GetProperty("checks").GetArrayLength(); i++) data.Add(f.GetProperty("id").GetString()!, i);
        return data;
    }

    private static Certificate Decode(JsonElement f) => Certificate.Decode(Vectors.Hex(f.GetProperty("certificate_hex").GetString()!));

    private static DateTimeOffset TimeOf(JsonElement f) => DateTimeOffset.Parse(f.GetProperty("summary").GetProperty("time_iso").GetString()!);

    private static CertificateVerifier Verifier(IBlsVerifier bls, DateTimeOffset now, BlsPublicKey? root = null, TimeSpan? maxAge = null) =>
        new(bls, root ?? BlsPublicKey.MainnetRootKey, new CertificateVerifierOptions
        {
            TimeProvider = new FixedTimeProvider(now),
            MaxCertificateAge = maxAge ?? TimeSpan.FromMinutes(5),
        });

    private static CertificateScope Scope(JsonElement effective)
    {
        if (effective.TryGetProperty("canister", out var c)) return CertificateScope.ForCanister(Principal.Parse(c.GetString()!));
        if (effective.TryGetProperty("canister_hex", out var h)) return CertificateScope.ForCanister(Principal.FromBytes(Vectors.Hex(h.GetString()!)));
        return CertificateScope.ForSubnet(Principal.Parse(effective.GetProperty("subnet").GetString()!));
    }

    [Fact]
    public void TwelveFixturesWithTwentyThreeChecks()
    {
        Assert.Equal(12, FixtureIds().Count);
        Assert.Equal(23, Checks().Count);
    }

    [Theory]
    [MemberData(nameof(FixtureIds))]
    public void DecodesWithSummaryValues(string id)
    {
        var f = Fixture(id);
        var summary = f.GetProperty("summary");
        var cert = Decode(f);
        Assert.Equal(summary.GetProperty("root_hash").GetString(), Vectors.Hex(cert.RootHash));
        Assert.Equal(summary.GetProperty("signature").GetString(), Vectors.Hex(cert.Signature));
        Assert.Equal(ulong.Parse(summary.GetProperty("time_ns").GetString()!), cert.TimeNanoseconds);
        Assert.Equal(TimeOf(f), cert.Time.AddTicks(-(cert.Time.Ticks % TimeSpan.TicksPerMillisecond)));
        Assert.Equal("0d69632d73746174652d726f6f74" + summary.GetProperty("root_hash").GetString(), Vectors.Hex(cert.SignedMessage));

        if (!summary.TryGetProperty("delegation", out var d))
        {
            Assert.Null(cert.Delegation);
            return;
        }
        Assert.NotNull(cert.Delegation);
        var subnet = Principal.Parse(d.GetProperty("subnet_id").GetString()!);
        Assert.Equal(subnet, cert.Delegation.SubnetId);
        Assert.Equal(d.GetProperty("subnet_id_hex").GetString(), subnet.ToHex());
        var inner = Certificate.Decode(cert.Delegation.CertificateBytes);
        Assert.Null(inner.Delegation);
        Assert.Equal(ulong.Parse(d.GetProperty("time_ns").GetString()!), inner.TimeNanoseconds);
        var key = inner.Lookup(Encoding.ASCII.GetBytes("subnet"), subnet.ToArray(), Encoding.ASCII.GetBytes("public_key"));
        Assert.Equal(d.GetProperty("subnet_public_key_der").GetString(), Vectors.Hex(key.Value!));

        var legacy = inner.Tree.Lookup(Encoding.ASCII.GetBytes("subnet"), subnet.ToArray(), Encoding.ASCII.GetBytes("canister_ranges"));
        if (d.TryGetProperty("legacy_canister_ranges", out var lr))
        {
            Assert.Equal(LookupStatus.Found, legacy.Status);
            AssertRanges(lr, CanisterRanges.Decode(legacy.Value));
        }
        else Assert.Equal(Enum.Parse<LookupStatus>(d.GetProperty("legacy_canister_ranges_lookup").GetString()!), legacy.Status);

        var sharded = inner.Tree.LookupSubtree(Encoding.ASCII.GetBytes("canister_ranges"), subnet.ToArray());
        if (d.TryGetProperty("sharded_canister_ranges", out var sr))
        {
            Assert.True(sharded.IsFound);
            var shards = inner.Tree.ListChildren([Encoding.ASCII.GetBytes("canister_ranges"), subnet.ToArray()], out var complete);
            Assert.True(complete);
            Assert.Equal(sr.GetArrayLength(), shards.Count);
            foreach (var (shard, expected) in shards.Zip(sr.EnumerateArray()))
            {
                Assert.Equal(expected.GetProperty("shard_label_hex").GetString(), Vectors.Hex(shard.Key));
                AssertRanges(expected.GetProperty("ranges"), CanisterRanges.Decode(((HashTree.LeafNode)shard.Value).Value.ToArray()));
            }
        }
        else Assert.Equal(Enum.Parse<LookupStatus>(d.GetProperty("sharded_canister_ranges_lookup").GetString()!), sharded.Status);
    }

    private static void AssertRanges(JsonElement expected, IReadOnlyList<(Principal Low, Principal High)> actual) =>
        Assert.Equal(
            expected.EnumerateArray().Select(r => (r[0].GetString(), r[1].GetString())),
            actual.Select(r => ((string?)r.Low.ToString(), (string?)r.High.ToString())));

    public static TheoryData<string> FixturesWithResponseBodies()
    {
        var data = new TheoryData<string>();
        foreach (var f in Fixtures)
            if (f.TryGetProperty("response_body_hex", out _)) data.Add(f.GetProperty("id").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(FixturesWithResponseBodies))]
    public void ResponseBodiesHoldTheCertificate(string id)
    {
        var f = Fixture(id);
        var body = f.GetProperty("response_body_hex");
        var response = Icp.Agent.Requests.ReadStateResponse.Decode(Vectors.Hex(body.GetString()!));
        Assert.Equal(Decode(f).RootHash, Certificate.Decode(response.Certificate).RootHash);
    }

    [Theory]
    [MemberData(nameof(Checks))]
    public void CheckOutcomes(string id, int index)
    {
        var f = Fixture(id);
        var check = f.GetProperty("checks")[index];
        var expected = check.GetProperty("expected").GetString()!;
        var bls = new KnownTriplesBlsVerifier();
        var verifier = Verifier(bls, TimeOf(f));
        var scope = Scope(check.GetProperty("effective"));
        var cert = Decode(f);

        if (expected.StartsWith("valid", StringComparison.Ordinal))
        {
            verifier.Verify(cert, scope);
            // The outer certificate's signature is checked under the subnet key (delegation) or the root key, over domain ‖ root hash.
            var (sig, msg, key) = bls.Calls[^1];
            Assert.Equal(cert.Signature, sig);
            Assert.Equal([.. DomainSeparators.StateRoot, .. cert.RootHash], msg);
            var expectedKey = f.GetProperty("summary").TryGetProperty("delegation", out var d)
                ? Vectors.Hex(d.GetProperty("subnet_public_key_der").GetString()!)[37..]
                : BlsPublicKey.MainnetRootKey.Raw.ToArray();
            Assert.Equal(expectedKey, key);
            if (cert.Delegation is not null)
            {
                var inner = Certificate.Decode(cert.Delegation.CertificateBytes);
                Assert.Contains(bls.Calls, c => c.Msg.SequenceEqual(inner.SignedMessage) && c.Key.SequenceEqual(BlsPublicKey.MainnetRootKey.Raw.ToArray()));
            }
            return;
        }

        var effective = check.GetProperty("effective");
        var reason = effective.TryGetProperty("subnet", out _) ? CertificateVerificationError.SubnetMismatch
            : expected.Contains("cannot be looked up", StringComparison.Ordinal) || expected.Contains("unavailable", StringComparison.Ordinal)
              || expected.Contains("no canister ranges", StringComparison.Ordinal) ? CertificateVerificationError.CanisterRangesUnavailable
            : CertificateVerificationError.CanisterNotInRange;
        var e = Assert.Throws<CertificateVerificationException>(() => verifier.Verify(cert, scope));
        Assert.Equal(reason, e.Reason);
    }

    [Theory]
    [MemberData(nameof(Checks))]
    public void CheckOutcomesWithRealBls(string id, int index)
    {
        // The same checks with our BLS12-381 doing the signature checks on real mainnet certificates.
        var f = Fixture(id);
        var check = f.GetProperty("checks")[index];
        var verifier = Verifier(Bls12381Verifier.Shared, TimeOf(f));
        var scope = Scope(check.GetProperty("effective"));
        if (check.GetProperty("expected").GetString()!.StartsWith("valid", StringComparison.Ordinal)) verifier.Verify(Decode(f), scope);
        else Assert.NotEqual(CertificateVerificationError.BadSignature, Assert.Throws<CertificateVerificationException>(() => verifier.Verify(Decode(f), scope)).Reason);
    }

    [Theory]
    [InlineData("derived-zeroed-signature")]
    public void TamperedCertificatesFailWithRealBls(string negative)
    {
        var f = Negative(negative);
        var e = Assert.Throws<CertificateVerificationException>(() =>
            Verifier(Bls12381Verifier.Shared, TimeOf(Fixture("mainnet-v2-read_state-ivg37-legacy-ranges")))
                .Verify(Vectors.Hex(f.GetProperty("certificate_hex").GetString()!), Scope(f.GetProperty("effective"))));
        Assert.Equal(CertificateVerificationError.BadSignature, e.Reason);
    }

    public static TheoryData<string, int> ValidChecks()
    {
        var data = new TheoryData<string, int>();
        foreach (var f in Fixtures)
            for (var i = 0; i < f.GetProperty("checks").GetArrayLength(); i++)
                if (f.GetProperty("checks")[i].GetProperty("expected").GetString()!.StartsWith("valid", StringComparison.Ordinal))
                    data.Add(f.GetProperty("id").GetString()!, i);
        return data;
    }

    [Theory]
    [MemberData(nameof(ValidChecks))]
    public void AFlippedSignatureBitFailsWithRealBls(string id, int index)
    {
        var f = Fixture(id);
        var bytes = Vectors.Hex(f.GetProperty("certificate_hex").GetString()!);
        var signature = Decode(f).Signature.ToArray();
        // The outer signature is the last occurrence of its bytes in the CBOR (a delegation comes before it).
        int at = bytes.AsSpan().LastIndexOf(signature);
        Assert.True(at > 0);
        bytes[at + signature.Length - 1] ^= 1;
        var scope = Scope(f.GetProperty("checks")[index].GetProperty("effective"));
        var e = Assert.Throws<CertificateVerificationException>(() => Verifier(Bls12381Verifier.Shared, TimeOf(f)).Verify(bytes, scope));
        Assert.Equal(CertificateVerificationError.BadSignature, e.Reason);
    }

    public static TheoryData<string, int> ValidDelegatedChecks()
    {
        var data = new TheoryData<string, int>();
        foreach (var row in ValidChecks())
            if (Decode(Fixture((string)row[0])).Delegation is not null) data.Add((string)row[0], (int)row[1]);
        return data;
    }

    [Theory]
    [MemberData(nameof(ValidDelegatedChecks))]
    public void AFlippedDelegationSignatureBitFailsAsBadDelegationWithRealBls(string id, int index)
    {
        var f = Fixture(id);
        var cert = Decode(f);
        var bytes = Vectors.Hex(f.GetProperty("certificate_hex").GetString()!);
        var inner = Certificate.Decode(cert.Delegation!.CertificateBytes).Signature.ToArray();
        int at = bytes.AsSpan().IndexOf(inner);
        Assert.True(at > 0);
        bytes[at + inner.Length - 1] ^= 1;
        var scope = Scope(f.GetProperty("checks")[index].GetProperty("effective"));
        // A fresh verifier: nothing cached, so the certificate and its delegation go through one batch check,
        // which fails, and the one-by-one checks then name the delegation.
        var e = Assert.Throws<CertificateVerificationException>(() => Verifier(Bls12381Verifier.Shared, TimeOf(f)).Verify(bytes, scope));
        Assert.Equal(CertificateVerificationError.BadDelegation, e.Reason);
    }

    [Fact]
    public void ZeroedSignatureFails()
    {
        var f = Negative("derived-zeroed-signature");
        var e = Assert.Throws<CertificateVerificationException>(() =>
            Verifier(new KnownTriplesBlsVerifier(), TimeOf(Fixture("mainnet-v2-read_state-ivg37-legacy-ranges")))
                .Verify(Vectors.Hex(f.GetProperty("certificate_hex").GetString()!), Scope(f.GetProperty("effective"))));
        Assert.Equal(CertificateVerificationError.BadSignature, e.Reason);
    }

    [Fact]
    public void NestedDelegationFailsWithoutAnyBlsCall()
    {
        var f = Negative("derived-nested-delegation");
        var bls = new KnownTriplesBlsVerifier();
        var e = Assert.Throws<CertificateVerificationException>(() =>
            Verifier(bls, TimeOf(Fixture("mainnet-ii-subnet-with-subnet-subtree-2023")))
                .Verify(Vectors.Hex(f.GetProperty("certificate_hex").GetString()!), Scope(f.GetProperty("effective"))));
        Assert.Equal(CertificateVerificationError.NestedDelegation, e.Reason);
        Assert.Empty(bls.Calls);
    }

    [Fact]
    public void TamperedLeafChangesTheSignedMessage()
    {
        var original = Fixture("mainnet-v3-read_state-ivg37-time-sharded");
        var f = Negative("derived-tampered-time-leaf");
        var tampered = Certificate.Decode(Vectors.Hex(f.GetProperty("certificate_hex").GetString()!));
        Assert.NotEqual(Decode(original).RootHash, tampered.RootHash);
        var bls = new KnownTriplesBlsVerifier();
        var e = Assert.Throws<CertificateVerificationException>(() =>
            Verifier(bls, TimeOf(original)).Verify(tampered, Scope(f.GetProperty("effective"))));
        Assert.Equal(CertificateVerificationError.BadSignature, e.Reason);
        Assert.Equal(tampered.SignedMessage, bls.Calls[^1].Msg);
    }

    [Fact]
    public void WrongRootKeyFails()
    {
        var f = Negative("derived-wrong-root-key");
        var nns = Fixture("mainnet-nns-system-subnet-2023");
        var wrongRoot = BlsPublicKey.FromDer(Vectors.Hex(Fixture("mainnet-v3-read_state-ivg37-time-sharded").GetProperty("summary").GetProperty("delegation").GetProperty("subnet_public_key_der").GetString()!));
        var e = Assert.Throws<CertificateVerificationException>(() =>
            Verifier(new KnownTriplesBlsVerifier(), TimeOf(nns), wrongRoot).Verify(Decode(nns), Scope(f.GetProperty("effective"))));
        Assert.Equal(CertificateVerificationError.BadSignature, e.Reason);
    }

    [Fact]
    public void DelegationSignedByAnotherKeyIsABadDelegation()
    {
        // Same certificate, but only the outer signature is known-good: the root signature of the delegation is refused.
        var f = Fixture("mainnet-v2-read_state-ivg37-legacy-ranges");
        var e = Assert.Throws<CertificateVerificationException>(() =>
            Verifier(new RejectRootKey(), TimeOf(f)).Verify(Decode(f), CertificateScope.ForCanister(Principal.Parse("ivg37-qiaaa-aaaab-aaaga-cai"))));
        Assert.Equal(CertificateVerificationError.BadDelegation, e.Reason);
    }

    private sealed class RejectRootKey : IBlsVerifier
    {
        public bool Verify(ReadOnlySpan<byte> sig, ReadOnlySpan<byte> msg, ReadOnlySpan<byte> publicKey96) =>
            !publicKey96.SequenceEqual(BlsPublicKey.MainnetRootKey.Raw);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-10)]
    public void TimeTooFarFromTheClockIsStale(int minutes)
    {
        var f = Fixture("mainnet-v2-read_state-ivg37-legacy-ranges");
        var scope = CertificateScope.ForCanister(Principal.Parse("ivg37-qiaaa-aaaab-aaaga-cai"));
        var e = Assert.Throws<CertificateVerificationException>(() =>
            Verifier(new KnownTriplesBlsVerifier(), TimeOf(f).AddMinutes(minutes)).Verify(Decode(f), scope));
        Assert.Equal(CertificateVerificationError.StaleTime, e.Reason);
        // Within the limit, or with the check off, the same certificate passes.
        Verifier(new KnownTriplesBlsVerifier(), TimeOf(f).AddMinutes(minutes / 5)).Verify(Decode(f), scope);
        new CertificateVerifier(new KnownTriplesBlsVerifier(), BlsPublicKey.MainnetRootKey, new() { MaxCertificateAge = null }).Verify(Decode(f), scope);
    }

    [Fact]
    public void OldDelegationIsRefusedWhenALimitIsSet()
    {
        var f = Fixture("mainnet-v2-read_state-ivg37-legacy-ranges"); // delegation is 6 days older than the certificate
        var verifier = new CertificateVerifier(new KnownTriplesBlsVerifier(), BlsPublicKey.MainnetRootKey, new()
        {
            TimeProvider = new FixedTimeProvider(TimeOf(f)),
            MaxDelegationAge = TimeSpan.FromDays(1),
        });
        var e = Assert.Throws<CertificateVerificationException>(() => verifier.Verify(Decode(f), CertificateScope.ForCanister(Principal.Parse("ivg37-qiaaa-aaaab-aaaga-cai"))));
        Assert.Equal(CertificateVerificationError.StaleTime, e.Reason);
    }

    [Fact]
    public void RootSubnetCertificateForSubnetScope()
    {
        var f = Fixture("mainnet-nns-system-subnet-2023");
        var verifier = Verifier(new KnownTriplesBlsVerifier(), TimeOf(f));
        verifier.Verify(Decode(f), CertificateScope.ForSubnet(Principal.Parse("tdb26-jop6k-aogll-7ltgs-eruif-6kk7m-qpktf-gdiqx-mxtrf-vb5e6-eqe")));
        var e = Assert.Throws<CertificateVerificationException>(() =>
            verifier.Verify(Decode(f), CertificateScope.ForSubnet(Principal.Parse("o3ow2-2ipam-6fcjo-3j5vt-fzbge-2g7my-5fz2m-p4o2t-dwlc4-gt2q7-5ae"))));
        Assert.Equal(CertificateVerificationError.SubnetMismatch, e.Reason);
    }

    [Fact]
    public void ShardedAndLegacyLayoutsCanBeForced()
    {
        var sharded = Fixture("mainnet-v3-read_state-ivg37-time-sharded");
        var legacy = Fixture("mainnet-v2-read_state-ivg37-legacy-ranges");
        var ivg37 = Principal.Parse("ivg37-qiaaa-aaaab-aaaga-cai");
        Verifier(new KnownTriplesBlsVerifier(), TimeOf(sharded)).Verify(Decode(sharded), CertificateScope.ForCanister(ivg37, CanisterRangeLayout.Sharded));
        Verifier(new KnownTriplesBlsVerifier(), TimeOf(legacy)).Verify(Decode(legacy), CertificateScope.ForCanister(ivg37, CanisterRangeLayout.Legacy));
        var e1 = Assert.Throws<CertificateVerificationException>(() =>
            Verifier(new KnownTriplesBlsVerifier(), TimeOf(sharded)).Verify(Decode(sharded), CertificateScope.ForCanister(ivg37, CanisterRangeLayout.Legacy)));
        Assert.Equal(CertificateVerificationError.CanisterRangesUnavailable, e1.Reason);
        var e2 = Assert.Throws<CertificateVerificationException>(() =>
            Verifier(new KnownTriplesBlsVerifier(), TimeOf(legacy)).Verify(Decode(legacy), CertificateScope.ForCanister(ivg37, CanisterRangeLayout.Sharded)));
        Assert.Equal(CertificateVerificationError.CanisterRangesUnavailable, e2.Reason);
    }

    [Fact]
    public void OuterTreeCanisterRangesOfUzr34()
    {
        var f = Fixture("mainnet-v3-subnet-read_state-uzr34");
        var checks = f.GetProperty("outer_tree_canister_ranges_checks");
        var cert = Decode(f);
        var subnet = cert.Delegation!.SubnetId;
        foreach (var c in checks.GetProperty("in_range").EnumerateArray())
            Assert.Equal(CanisterRangeCheck.InRange, CanisterRanges.Check(cert.Tree, subnet, Principal.Parse(c.GetString()!), CanisterRangeLayout.Sharded));
        foreach (var c in checks.GetProperty("not_in_range").EnumerateArray())
            Assert.Equal(CanisterRangeCheck.NotInRange, CanisterRanges.Check(cert.Tree, subnet, Principal.Parse(c.GetString()!), CanisterRangeLayout.Sharded));
        var root = Principal.Parse("tdb26-jop6k-aogll-7ltgs-eruif-6kk7m-qpktf-gdiqx-mxtrf-vb5e6-eqe");
        Assert.Equal(CanisterRangeCheck.Unavailable, CanisterRanges.Check(cert.Tree, root, Principal.Parse("rdmx6-jaaaa-aaaaa-aaadq-cai")));
    }

    [Fact]
    public void LookupOnlyFixture()
    {
        var f = Data.GetProperty("lookup_only_fixtures")[0];
        var cert = Certificate.Decode(Vectors.Hex(f.GetProperty("certificate_hex").GetString()!));
        Assert.Equal(f.GetProperty("root_hash").GetString(), Vectors.Hex(cert.RootHash));
        var rrkah = Vectors.Hex("00000000000000010101");
        foreach (var l in f.GetProperty("lookups").EnumerateArray())
        {
            var path = l.GetProperty("path").EnumerateArray().Select(p => p.GetString()!.StartsWith("<rrkah", StringComparison.Ordinal) ? rrkah : Encoding.UTF8.GetBytes(p.GetString()!)).ToArray();
            var result = cert.Lookup(path);
            Assert.Equal(Enum.Parse<LookupStatus>(l.GetProperty("result").GetString()!), result.Status);
            if (l.TryGetProperty("value_hex", out var v)) Assert.Equal(v.GetString(), Vectors.Hex(result.Value!));
            else if (result.IsFound) Assert.Equal(l.GetProperty("decoded").GetString(), Encoding.UTF8.GetString(result.Value!));
        }
        Assert.Equal(DateTimeOffset.Parse("2022-05-19T20:58:22.596Z"), new DateTimeOffset(cert.Time.Ticks - cert.Time.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("")]
    [InlineData("d9d9f7")]
    [InlineData("d9d9f7a0")]                              // no tree, no signature
    [InlineData("a1647472656581")]                        // truncated tree
    [InlineData("a2647472656581006973696e6174757265")]    // key cut short
    [InlineData("a264747265658100697369676e617475726501")] // signature is an integer
    [InlineData("9f")]                                    // indefinite array
    [InlineData("a36474726565810069736967" + "6e617475726540" + "6a64656c65676174696f6e01")] // delegation is an integer
    [InlineData("bb00000000ffffffff")]                    // map claiming 4 billion entries
    public void MalformedCertificatesAreMalformed(string hex)
    {
        var e = Assert.Throws<CertificateVerificationException>(() => Certificate.Decode(Vectors.Hex(hex)));
        Assert.Equal(CertificateVerificationError.Malformed, e.Reason);
    }

    [Fact]
    public void DeepButLegalTreesRoundTrip()
    {
        HashTree t = HashTree.Leaf([1]);
        for (var i = 0; i < 120; i++) t = HashTree.Fork(HashTree.Labeled("x", t), HashTree.Empty); // depth 241: beyond System.Formats.Cbor's 64
        var decoded = HashTreeCbor.Decode(HashTreeCbor.Encode(t));
        Assert.Equal(t.Digest(), decoded.Digest());
    }

    [Fact]
    public void RootKeyDer()
    {
        var rk = Vectors.Load("root_key.json").GetProperty("ic_mainnet_root_key");
        var key = BlsPublicKey.FromDer(Vectors.Hex(rk.GetProperty("der_hex").GetString()!));
        Assert.Equal(BlsPublicKey.MainnetRootKey, key);
        Assert.Equal(rk.GetProperty("raw_g2_compressed_96_hex").GetString(), Vectors.Hex(key.Raw));
        Assert.Equal(rk.GetProperty("der_prefix_hex").GetString(), Vectors.Hex(BlsPublicKey.DerPrefix));
        Assert.Equal(key, BlsPublicKey.FromRaw(key.Raw));
        Assert.Equal("tdb26-jop6k-aogll-7ltgs-eruif-6kk7m-qpktf-gdiqx-mxtrf-vb5e6-eqe", key.SelfAuthenticatingPrincipal.ToString());
        var bad = Vectors.Hex(rk.GetProperty("der_hex").GetString()!);
        bad[5] ^= 1;
        Assert.Throws<FormatException>(() => BlsPublicKey.FromDer(bad));
        Assert.Throws<FormatException>(() => BlsPublicKey.FromDer(bad.AsSpan(0, 132)));
    }
}
