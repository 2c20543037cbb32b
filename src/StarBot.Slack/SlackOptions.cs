using System.ComponentModel.DataAnnotations;

namespace StarBot.Slack;

/// <summary>
/// Section <c>Slack</c>. Slack is on with the bot token and a way for Slack to reach StarBot: the signing secret
/// (HTTP endpoints behind a public URL), the app-level token (Socket Mode: StarBot connects out to Slack), or both.
/// A combination that cannot work refuses to start.
/// </summary>
public sealed class SlackOptions : IValidatableObject
{
    public const string Section = "Slack";

    /// <summary>The app's signing secret (Basic Information, App Credentials). A secret: environment or secret store only.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>The bot token, <c>xoxb-…</c> (OAuth &amp; Permissions). A secret: environment or secret store only.</summary>
    public string? BotToken { get; set; }

    /// <summary>
    /// The app-level token, <c>xapp-…</c> (Basic Information, App-Level Tokens, scope <c>connections:write</c>): with it,
    /// StarBot receives events over Socket Mode and needs no public endpoint. A secret: environment or secret store only.
    /// </summary>
    public string? AppToken { get; set; }

    /// <summary>The Web API's base address; change it for GovSlack or a test fake.</summary>
    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";

    /// <summary>Requests larger than this are refused with 413 before they are read. Default 1 MiB.</summary>
    [Range(1024, 16 * 1024 * 1024, ErrorMessage = "Slack:MaxBodyBytes must be between 1024 and 16777216")]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How far a request's timestamp may be from now (replays). Slack's guidance: 5 minutes.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    public bool Enabled => HttpEndpoints || SocketMode || !string.IsNullOrWhiteSpace(BotToken);

    /// <summary>The signed HTTP endpoints are served (a signing secret is set).</summary>
    public bool HttpEndpoints => !string.IsNullOrWhiteSpace(SigningSecret);

    /// <summary>Events come over Socket Mode (an app-level token is set).</summary>
    public bool SocketMode => !string.IsNullOrWhiteSpace(AppToken);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(BotToken) && !HttpEndpoints && !SocketMode)
        {
            yield return new ValidationResult("Slack:SigningSecret (HTTP endpoints) or Slack:AppToken (Socket Mode) is required when Slack:BotToken is set (Slack has no way to reach StarBot without one)", [nameof(SigningSecret), nameof(AppToken)]);
        }

        if (HttpEndpoints && string.IsNullOrWhiteSpace(BotToken))
        {
            yield return new ValidationResult("Slack:BotToken is required when Slack:SigningSecret is set (replies cannot be sent without it)", [nameof(BotToken)]);
        }

        if (SocketMode && string.IsNullOrWhiteSpace(BotToken))
        {
            yield return new ValidationResult("Slack:BotToken is required when Slack:AppToken is set (Socket Mode receives; replies are sent with the bot token)", [nameof(BotToken)]);
        }

        // The value is never echoed: it is a secret, and a wrong one pasted here is often another live token.
        if (SocketMode && !AppToken!.StartsWith("xapp-", StringComparison.Ordinal))
        {
            yield return new ValidationResult("Slack:AppToken must be an app-level token starting with xapp-", [nameof(AppToken)]);
        }

        if (!string.IsNullOrWhiteSpace(BotToken) && !BotToken.StartsWith("xoxb-", StringComparison.Ordinal))
        {
            yield return new ValidationResult("Slack:BotToken must be a bot token starting with xoxb-", [nameof(BotToken)]);
        }

        if (!(Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return new ValidationResult("Slack:ApiBaseUrl must be an absolute http(s) URL", [nameof(ApiBaseUrl)]);
        }
    }
}
