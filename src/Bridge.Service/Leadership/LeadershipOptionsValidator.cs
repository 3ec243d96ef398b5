using Microsoft.Extensions.Options;

namespace Bridge.Service.Leadership;

/// <summary>Checks <see cref="LeadershipOptions"/> at start.</summary>
internal sealed class LeadershipOptionsValidator : IValidateOptions<LeadershipOptions>
{
    public ValidateOptionsResult Validate(string? name, LeadershipOptions o)
    {
        var errors = new List<string>();
        if (o.LeaseDuration < TimeSpan.FromSeconds(1) || o.LeaseDuration > TimeSpan.FromHours(1))
            errors.Add($"Leadership:LeaseDuration must be from 1 second to 1 hour (it is {o.LeaseDuration})");
        if (o.InstanceId is { } id && (string.IsNullOrWhiteSpace(id) || id.Length > 200))
            errors.Add("Leadership:InstanceId must be 1–200 characters when set");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
