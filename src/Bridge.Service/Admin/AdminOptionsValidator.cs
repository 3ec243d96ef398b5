using Bridge.Service.Configuration;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Admin;

/// <summary>Checks <see cref="AdminOptions"/> at start: when enabled, exactly one of the key settings, well formed.</summary>
internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions o)
    {
        if (!o.Enabled) return ValidateOptionsResult.Success;
        var errors = new List<string>();
        bool hash = !string.IsNullOrWhiteSpace(o.KeyHash), file = !string.IsNullOrWhiteSpace(o.KeyFile);
        if (hash == file) errors.Add("Admin:Enabled is true: set exactly one of Admin:KeyHash (the key's SHA-256 in hex) and Admin:KeyFile (a file holding the key)");
        else if (hash && (o.KeyHash!.Length != 64 || !o.KeyHash.All(char.IsAsciiHexDigit)))
            errors.Add($"Admin:KeyHash must be 64 hex digits, the SHA-256 of the key (it has {o.KeyHash.Length} characters)");
        else if (file && !File.Exists(o.KeyFile)) errors.Add($"Admin:KeyFile: no file '{o.KeyFile}'");
        else if (file && KeyFiles.ModeProblem("Admin:KeyFile", o.KeyFile!) is { } open) errors.Add(open);
        else if (file && AdminKey.ReadKeyFile(o.KeyFile!).Length < AdminKey.MinimumLength)
            errors.Add($"Admin:KeyFile: the key in '{o.KeyFile}' is shorter than {AdminKey.MinimumLength} characters");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
