using System.ComponentModel.DataAnnotations;

namespace StarBot.Slack;

/// <summary>Section <c>Slack</c>. Slack is on when both secrets are set; one without the other refuses to start.</summary>
public sealed class SlackOptions : IValidatableObject
{
    public const string Section = "Slack";

    /// <summary>The app's signing secret (Basic Information, App Credentials). A secret: environment or secret store only.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>The bot token, <c>xoxb-…</c> (OAuth &amp; Permissions). A secret: environment or secret store only.</summary>
    public string? BotToken { get; set; }

    /// <summary>The Web API's base address; change it for GovSlack or a test fake.</summary>
    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";

    /// <summary>Requests larger than this are refused with 413 before they are read. Default 1 MiB.</summary>
    [Range(1024, 16 * 1024 * 1024, ErrorMessage = "Slack:MaxBodyBytes must be between 1024 and 16777216")]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How far a request's timestamp may be from now (replays). Slack's guidance: 5 minutes.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    public bool Enabled => !string.IsNullOrWhiteSpace(SigningSecret) || !string.IsNullOrWhiteSpace(BotToken);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(BotToken) && string.IsNullOrWhiteSpace(SigningSecret))
        {
            yield return new ValidationResult("Slack:SigningSecret is required when Slack:BotToken is set (requests cannot be verified without it)", [nameof(SigningSecret)]);
        }

        if (!string.IsNullOrWhiteSpace(SigningSecret) && string.IsNullOrWhiteSpace(BotToken))
        {
            yield return new ValidationResult("Slack:BotToken is required when Slack:SigningSecret is set (replies cannot be sent without it)", [nameof(BotToken)]);
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
