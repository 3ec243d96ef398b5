using Bridge.Core.Protocol;
using Icp.Candid;

namespace Bridge.Core.Tests;

/// <summary>Principals kept by their canonical text answer exactly what parsing answers, also once the text is kept.</summary>
public sealed class CanonicalPrincipalsTests
{
    private const string Text = "hoy4a-qp56d-352vk-6ys3k-ylgvd-f6z6u-sx7s2-uikxs-u5fb6-lxblb-2qe";

    [Fact]
    public void A_kept_text_gives_the_parsed_principal()
    {
        Assert.True(CanonicalPrincipals.TryParse(Text, out var first));
        Assert.True(CanonicalPrincipals.TryParse(Text, out var second));
        Assert.Equal(Principal.Parse(Text), first);
        Assert.Same(first, second);
    }

    [Theory]
    [InlineData("HOY4A-QP56D-352VK-6YS3K-YLGVD-F6Z6U-SX7S2-UIKXS-U5FB6-LXBLB-2QE")] // upper case: parses, not canonical
    [InlineData("hoy4aqp56d-352vk-6ys3k-ylgvd-f6z6u-sx7s2-uikxs-u5fb6-lxblb-2qe")]  // a dash missing
    [InlineData("hoy4a-qp56d-352vk-6ys3k-ylgvd-f6z6u-sx7s2-uikxs-u5fb6-lxblb-2qa")] // the checksum does not match
    [InlineData("")]
    public void A_text_that_is_not_canonical_is_refused_even_when_its_principal_is_kept(string text)
    {
        Assert.True(CanonicalPrincipals.TryParse(Text, out _));
        Assert.False(CanonicalPrincipals.TryParse(text, out var principal));
        Assert.Null(principal);
        Assert.False(CanonicalPrincipals.TryParse(text, out _));
    }
}
