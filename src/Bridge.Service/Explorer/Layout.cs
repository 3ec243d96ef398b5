namespace Bridge.Service.Explorer;

/// <summary>The explorer's repeated pieces: scrollable tables, pagers, field lists and number cards.</summary>
internal static class Layout
{
    /// <summary>A table in a labelled region that scrolls sideways and can be focused (so keyboards can scroll it).</summary>
    public static Markup Table(string label, Markup head, Markup rows, string empty = "None.")
    {
        if (rows.Value.Length == 0) return Html.Of($"<p class=\"none\">{empty}</p>\n");
        return Html.Of($"<div class=\"table-scroll\" role=\"region\" aria-label=\"{label}\" tabindex=\"0\">\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n</div>\n");
    }

    /// <summary>Links to the previous and next pages (either may be absent) and where this page is.</summary>
    public static Markup Pager(string label, string? previousHref, string previousText, string? nextHref, string nextText, string position)
    {
        var html = new Html();
        html.Add($"<nav class=\"pager\" aria-label=\"{label}\">");
        if (previousHref is not null) html.Add($"<a href=\"{previousHref}\" rel=\"prev\">{previousText}</a>");
        html.Add($"<span>{position}</span>");
        if (nextHref is not null) html.Add($"<a href=\"{nextHref}\" rel=\"next\">{nextText}</a>");
        html.Add($"</nav>\n");
        return html.ToMarkup();
    }

    public static Markup Fields(params (string Name, Markup Value)[] fields)
    {
        var html = new Html();
        html.Add($"<dl class=\"fields\">\n");
        foreach (var (name, value) in fields) html.Add($"<dt>{name}</dt><dd>{value}</dd>\n");
        html.Add($"</dl>\n");
        return html.ToMarkup();
    }

    public static Markup Cards(params (string Label, string Value)[] cards)
    {
        var html = new Html();
        html.Add($"<ul class=\"cards\">\n");
        foreach (var (label, value) in cards) html.Add($"<li><span class=\"label\">{label}</span> <span class=\"value\">{value}</span></li>\n");
        html.Add($"</ul>\n");
        return html.ToMarkup();
    }

    public static Markup Text(string text) => Html.Of($"{text}");
}
