namespace Bridge.Core.Protocol;

/// <summary>Section 1's media type rule: <c>application/json</c>, optionally with <c>charset=utf-8</c>.</summary>
public static class BodyMediaType
{
    /// <summary>True when <paramref name="contentType"/> is <c>application/json</c> with no parameter but
    /// <c>charset=utf-8</c>; type, parameter name and value compare without regard to case, as RFC 9110 says.</summary>
    public static bool IsJson(string? contentType)
    {
        if (contentType is null) return false;
        var parts = contentType.Split(';');
        if (!parts[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase)) return false;
        for (int i = 1; i < parts.Length; i++)
        {
            var p = parts[i].Trim();
            int eq = p.IndexOf('=');
            if (eq < 0) return false;
            var name = p[..eq].Trim();
            var value = p[(eq + 1)..].Trim().Trim('"');
            if (!name.Equals("charset", StringComparison.OrdinalIgnoreCase) || !value.Equals("utf-8", StringComparison.OrdinalIgnoreCase)) return false;
        }
        return true;
    }
}
