namespace Bridge.Client.Http;

/// <summary>Settings of a <see cref="BridgeClient"/>.</summary>
public sealed class BridgeClientOptions
{
    /// <summary>The bridge's address (<c>http://127.0.0.1:5000</c> is the <c>--dev</c> bridge's default). When null, the
    /// <see cref="HttpClient.BaseAddress"/> of the client is used.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>How many times a submission answered 429 <c>overloaded</c> or 503 <c>unavailable</c> is sent again
    /// before the problem is thrown (default 5). Submissions are idempotent: the same receipt again is 200.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>The wait before a retry when the bridge gives no <c>Retry-After</c> (doubled on each retry; default 1 s).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between retries, whatever <c>Retry-After</c> says (default 30 s).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest answer body read, in bytes (default 256 MiB: the leaves of a large batch); a longer one is a
    /// <see cref="Json.BridgeResponseException"/>.</summary>
    public int MaxResponseBytes { get; set; } = 256 * 1024 * 1024;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative count or delay.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBaseDelay, TimeSpan.Zero, nameof(RetryBaseDelay));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxResponseBytes, nameof(MaxResponseBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, TimeSpan.Zero, nameof(MaxRetryDelay));
        if (BaseAddress is { IsAbsoluteUri: false }) throw new ArgumentException("BaseAddress must be an absolute URI", nameof(BaseAddress));
    }
}
