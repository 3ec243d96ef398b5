namespace Bridge.Service.Admin;

/// <summary>
/// The <c>Admin:*</c> settings: the operator's routes under <c>/v1/admin</c> (list the roles, resume a halted one).
/// Off by default; when off the routes do not exist (404). When on, requests carry <c>Authorization: Bearer KEY</c>,
/// where KEY is given either as <see cref="KeyHash"/> (its SHA-256, so the configuration holds no secret) or as
/// <see cref="KeyFile"/> (a file holding KEY, owner-only like the identity files).
/// </summary>
public sealed class AdminOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Admin";

    /// <summary>Whether the admin routes exist (default false).</summary>
    public bool Enabled { get; set; }

    /// <summary>The SHA-256 of the admin key's UTF-8 bytes, 64 hex digits (<c>printf %s "$KEY" | sha256sum</c>).</summary>
    public string? KeyHash { get; set; }

    /// <summary>A file holding the admin key (at least 32 characters; surrounding white space is ignored), mode 0600 or 0400.</summary>
    public string? KeyFile { get; set; }
}
