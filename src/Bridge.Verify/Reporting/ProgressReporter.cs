namespace Bridge.Verify.Reporting;

/// <summary>Progress of a long run on a text writer (stderr), at most one line per interval, so that millions of
/// leaves do not flood the terminal.</summary>
public sealed class ProgressReporter
{
    private readonly TextWriter? _writer;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    /// <summary>A reporter writing to <paramref name="writer"/> (null: silent) at most once per <paramref name="interval"/>.</summary>
    public ProgressReporter(TextWriter? writer, TimeSpan? interval = null, TimeProvider? time = null)
    {
        _writer = writer;
        _time = time ?? TimeProvider.System;
        _interval = interval ?? TimeSpan.FromSeconds(2);
    }

    /// <summary>A reporter that writes nothing.</summary>
    public static ProgressReporter Silent { get; } = new(null);

    /// <summary>Reports <paramref name="what"/> if the interval has passed since the last line.</summary>
    public void Report(Func<string> what)
    {
        ArgumentNullException.ThrowIfNull(what);
        if (_writer is null) return;
        var now = _time.GetUtcNow();
        if (now - _last < _interval) return;
        _last = now;
        _writer.WriteLine($"bridge-verify: {what()}");
    }

    /// <summary>Writes <paramref name="line"/> now (a phase change or a claim), whatever the interval.</summary>
    public void Say(string line)
    {
        _writer?.WriteLine($"bridge-verify: {line}");
        _last = _time.GetUtcNow();
    }
}
