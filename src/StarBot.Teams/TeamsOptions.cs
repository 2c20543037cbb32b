using System.ComponentModel.DataAnnotations;

namespace StarBot.Teams;

/// <summary>
/// Section <c>Teams</c>. The key names are the Bot Framework SDK's own (<c>MicrosoftAppId</c> …), so the SDK reads
/// this section as it is. With no app id Teams is off, unless <c>Emulator</c> asks for the Bot Framework
/// Emulator's mode: unauthenticated, loopback callers only. An app id without what its type needs, or with
/// <c>Emulator</c>, refuses to start, naming the keys.
/// </summary>
public sealed class TeamsOptions : IValidatableObject
{
    public const string Section = "Teams";

    public const string SingleTenant = "SingleTenant";
    public const string MultiTenant = "MultiTenant";
    public const string UserAssignedMsi = "UserAssignedMSI";

    /// <summary>The bot's app (client) id from its Azure Bot registration; also the audience of inbound tokens.</summary>
    public string? MicrosoftAppId { get; set; }

    /// <summary>The app's client secret. A secret: environment or secret store only. Not used by UserAssignedMSI.</summary>
    public string? MicrosoftAppPassword { get; set; }

    /// <summary>The Entra ID tenant of a SingleTenant or UserAssignedMSI bot.</summary>
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary><c>SingleTenant</c> (the default for new bots), <c>MultiTenant</c> or <c>UserAssignedMSI</c>.</summary>
    public string MicrosoftAppType { get; set; } = SingleTenant;

    /// <summary>Requests larger than this are refused with 413 before they are parsed. Default 256 KiB (Teams caps a message near 28 KB).</summary>
    [Range(1024, 16 * 1024 * 1024, ErrorMessage = "Teams:MaxBodyBytes must be between 1024 and 16777216")]
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// The Bot Framework Emulator's mode, for trying the bot on one's own machine: no app id, no tokens, loopback
    /// callers only, replies only to a loopback <c>serviceUrl</c>. Off by default: an unauthenticated endpoint must be
    /// something a person asked for, never what a missing setting falls back to.
    /// </summary>
    public bool Emulator { get; set; }

    public bool EmulatorMode => Emulator && string.IsNullOrWhiteSpace(MicrosoftAppId);

    /// <summary>Whether <c>/api/messages</c> is served at all: with an app registration, or in the Emulator's mode.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(MicrosoftAppId) || Emulator;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var type = MicrosoftAppType?.Trim() ?? "";
        if (!type.Equals(SingleTenant, StringComparison.OrdinalIgnoreCase) && !type.Equals(MultiTenant, StringComparison.OrdinalIgnoreCase)
            && !type.Equals(UserAssignedMsi, StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"Teams:MicrosoftAppType must be {SingleTenant}, {MultiTenant} or {UserAssignedMsi}", [nameof(MicrosoftAppType)]);
            yield break;
        }

        if (string.IsNullOrWhiteSpace(MicrosoftAppId))
        {
            if (!string.IsNullOrWhiteSpace(MicrosoftAppPassword) || !string.IsNullOrWhiteSpace(MicrosoftAppTenantId))
            {
                yield return new ValidationResult("Teams:MicrosoftAppId is required when Teams:MicrosoftAppPassword or Teams:MicrosoftAppTenantId is set", [nameof(MicrosoftAppId)]);
            }

            yield break;
        }

        if (Emulator)
        {
            yield return new ValidationResult("Teams:MicrosoftAppId and Teams:Emulator=true are both set: the Emulator's mode is unauthenticated, so set one or the other", [nameof(MicrosoftAppId), nameof(Emulator)]);
            yield break;
        }

        var msi = type.Equals(UserAssignedMsi, StringComparison.OrdinalIgnoreCase);
        if (!msi && string.IsNullOrWhiteSpace(MicrosoftAppPassword))
        {
            yield return new ValidationResult($"Teams:MicrosoftAppPassword is required for a {type} bot (Teams:MicrosoftAppId is set)", [nameof(MicrosoftAppPassword)]);
        }

        if (!type.Equals(MultiTenant, StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(MicrosoftAppTenantId))
        {
            yield return new ValidationResult($"Teams:MicrosoftAppTenantId is required for a {type} bot (Teams:MicrosoftAppId is set)", [nameof(MicrosoftAppTenantId)]);
        }
    }
}
