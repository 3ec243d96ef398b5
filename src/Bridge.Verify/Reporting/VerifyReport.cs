using System.Text.Json;
using System.Text.Json.Serialization;
using Bridge.Verify.Verification;

namespace Bridge.Verify.Reporting;

/// <summary>The JSON report of a run (<c>--report PATH</c>): what was checked, whether all holds, the first broken fact,
/// the claims filed, and the position a later run resumes from (<c>--resume</c>).</summary>
public sealed class VerifyReport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The format's version.</summary>
    public int Version { get; set; } = 1;

    /// <summary>The bridge's address.</summary>
    public string Bridge { get; set; } = "";

    /// <summary>The rollup canister.</summary>
    public string RollupCanister { get; set; } = "";

    /// <summary>When the run ended (ISO 8601).</summary>
    public string FinishedAt { get; set; } = "";

    /// <summary>True when every fact held.</summary>
    public bool Ok { get; set; }

    /// <summary>The first broken fact, if any.</summary>
    public BrokenFact? BrokenFact { get; set; }

    /// <summary>Why the run could not finish (the IC or the bridge unreachable, a certificate that does not verify).</summary>
    public string? Error { get; set; }

    /// <summary>What the run covered.</summary>
    public VerificationSummary? Summary { get; set; }

    /// <summary>Where a resumed run starts.</summary>
    public VerificationPosition Position { get; set; } = new();

    /// <summary>Writes the report to <paramref name="path"/> (through a temporary file, so a crash leaves the old one).</summary>
    public async Task WriteAsync(string path, CancellationToken ct = default)
    {
        string temporary = path + ".tmp";
        await using (var stream = File.Create(temporary))
            await JsonSerializer.SerializeAsync(stream, this, Json, ct).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a report written by <see cref="WriteAsync"/>.</summary>
    /// <exception cref="InvalidDataException">The file is no report of this version.</exception>
    public static async Task<VerifyReport> ReadAsync(string path, CancellationToken ct = default)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            var report = await JsonSerializer.DeserializeAsync<VerifyReport>(stream, Json, ct).ConfigureAwait(false);
            if (report is null || report.Version != 1) throw new InvalidDataException($"{path}: not a bridge-verify report of version 1");
            return report;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a bridge-verify report: {e.Message}", e);
        }
    }
}
