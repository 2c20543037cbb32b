using System.Text;

namespace StarBot.Slack.Tests;

public sealed class SlackSignatureTests
{
    private static readonly System.Text.Json.JsonElement Vector = Fixtures.Json("signing-vector.json");
    private static readonly string Secret = Vector.GetProperty("signing_secret").GetString()!;
    private static readonly string Timestamp = Vector.GetProperty("x_slack_request_timestamp").GetString()!;
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(Vector.GetProperty("body").GetString()!);
    private static readonly string Signature = Vector.GetProperty("x_slack_signature").GetString()!;
    private static readonly DateTimeOffset Then = DateTimeOffset.FromUnixTimeSeconds(long.Parse(Timestamp, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Slacks_worked_example_computes_and_verifies()
    {
        Assert.Equal(Signature, SlackSignature.Compute(Secret, Timestamp, Body));
        Assert.Equal(SignatureCheck.Valid, SlackSignature.Verify(Secret, Timestamp, Signature, Body, Then.AddSeconds(30), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void A_timestamp_more_than_five_minutes_away_is_stale_even_with_a_good_signature()
    {
        Assert.Equal(SignatureCheck.Stale, SlackSignature.Verify(Secret, Timestamp, Signature, Body, Then.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.Equal(SignatureCheck.Stale, SlackSignature.Verify(Secret, Timestamp, Signature, Body, Then.AddMinutes(-6), TimeSpan.FromMinutes(5)));
        Assert.Equal(SignatureCheck.Stale, SlackSignature.Verify(Secret, "not-a-number", Signature, Body, Then, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b504")]
    [InlineData("v0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503")]
    [InlineData("v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("garbage")]
    public void A_forged_or_malformed_signature_is_invalid(string forged)
    {
        Assert.Equal(SignatureCheck.Invalid, SlackSignature.Verify(Secret, Timestamp, forged, Body, Then, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void A_changed_body_or_secret_fails_and_missing_headers_are_missing()
    {
        var changed = Body.ToArray();
        changed[^1] ^= 1;

        Assert.Equal(SignatureCheck.Invalid, SlackSignature.Verify(Secret, Timestamp, Signature, changed, Then, TimeSpan.FromMinutes(5)));
        Assert.Equal(SignatureCheck.Invalid, SlackSignature.Verify("another-secret", Timestamp, Signature, Body, Then, TimeSpan.FromMinutes(5)));
        Assert.Equal(SignatureCheck.Missing, SlackSignature.Verify(Secret, null, Signature, Body, Then, TimeSpan.FromMinutes(5)));
        Assert.Equal(SignatureCheck.Missing, SlackSignature.Verify(Secret, Timestamp, "", Body, Then, TimeSpan.FromMinutes(5)));
    }
}
