using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace StarBot.Slack;

public enum SignatureCheck
{
    Valid,
    Missing,
    Stale,
    Invalid,
}

/// <summary>
/// Slack's request signing: HMAC-SHA256 under the signing secret over <c>v0:{timestamp}:{raw body}</c>, sent as
/// <c>v0=</c> and lowercase hex. Checked on the raw bytes before any parsing, in constant time, and only for
/// timestamps within the allowed skew of now (a captured request cannot be replayed later).
/// </summary>
public static class SlackSignature
{
    public static SignatureCheck Verify(string signingSecret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan maxSkew)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return SignatureCheck.Missing;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs((now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799))).TotalSeconds) > maxSkew.TotalSeconds)
        {
            return SignatureCheck.Stale;
        }

        var expected = Compute(signingSecret, timestamp, body);
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), given) ? SignatureCheck.Valid : SignatureCheck.Invalid;
    }

    public static string Compute(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), message));
    }
}
