using System.Globalization;

namespace Bridge.Service.Explorer;

/// <summary>Route and query values of the explorer's pages; a bad one is a 400 page that says which and why.</summary>
internal static class ExplorerQuery
{
    public static bool TryNat(string? text, string name, long min, out long value, out IResult? bad)
    {
        bad = null;
        if (text is { Length: > 0 and <= 18 } && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min)
            return true;
        value = 0;
        bad = ExplorerPage.BadRequest($"The {name} must be a whole number of at least {min}, not '{text}'.");
        return false;
    }

    public static bool TryOptionalNat(string? text, string name, out long value, out IResult? bad)
    {
        value = 0;
        bad = null;
        return text is null || TryNat(text, name, 0, out value, out bad);
    }

    public static bool TryPage(string? text, out long page, out IResult? bad)
    {
        page = 1;
        bad = null;
        return text is null || TryNat(text, "page", 1, out page, out bad);
    }
}
