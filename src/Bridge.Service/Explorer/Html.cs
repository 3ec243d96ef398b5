using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace Bridge.Service.Explorer;

/// <summary>
/// A fragment of markup that is already safe: only <see cref="Html"/> makes one, from literal markup and encoded holes.
/// Receipt fields (workload, gpu_model, ids) are attacker-controlled; they reach a page only as encoded holes.
/// </summary>
internal readonly struct Markup(string value)
{
    public string Value { get; } = value ?? "";

    public static Markup Empty => new("");

    public override string ToString() => Value;
}

/// <summary>
/// Builds markup from interpolated strings whose literal parts are markup and whose holes are text: every hole is
/// HTML-encoded (quotes too, so holes are safe inside double-quoted attributes) unless it is a <see cref="Markup"/>.
/// </summary>
internal sealed class Html
{
    private readonly StringBuilder _text = new();

    public Html Add([InterpolatedStringHandlerArgument("")] ref HtmlHandler markup) => this;

    public Html Add(Markup markup)
    {
        _text.Append(markup.Value);
        return this;
    }

    public Markup ToMarkup() => new(_text.ToString());

    public override string ToString() => _text.ToString();

    /// <summary>One fragment: <c>Html.Of($"&lt;td&gt;{text}&lt;/td&gt;")</c>.</summary>
    public static Markup Of(ref HtmlHandler markup) => markup.Build();

    /// <summary>Text, encoded.</summary>
    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    internal StringBuilder Builder => _text;

    /// <summary>The interpolation handler: literals pass through, holes are encoded.</summary>
    [InterpolatedStringHandler]
    internal ref struct HtmlHandler
    {
        private readonly StringBuilder _builder;

        public HtmlHandler(int literalLength, int formattedCount, Html target) => _builder = target.Builder;

        public HtmlHandler(int literalLength, int formattedCount) => _builder = new StringBuilder(literalLength + formattedCount * 16);

        public readonly void AppendLiteral(string literal) => _builder.Append(literal);

        public readonly void AppendFormatted(Markup markup) => _builder.Append(markup.Value);

        public readonly void AppendFormatted(string? text) => _builder.Append(Encode(text));

        public readonly void AppendFormatted<T>(T value) =>
            _builder.Append(Encode(value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString()));

        public readonly Markup Build() => new(_builder.ToString());
    }
}
