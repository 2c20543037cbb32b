using System.Globalization;

namespace StarBot.Core.Scheduling;

/// <summary>What a <c>schedule</c> command asks for.</summary>
public abstract record ScheduleRequest
{
    /// <param name="Zone">Null when the command named none: the zone of the person who set it is taken.</param>
    public sealed record Set(TimeOnly Time, TimeZoneInfo? Zone, ScheduleDays Days, string? Topic) : ScheduleRequest;

    public sealed record Show : ScheduleRequest;

    public sealed record Off : ScheduleRequest;

    public sealed record Next : ScheduleRequest;

    /// <summary>Local dates, <paramref name="From"/> to <paramref name="To"/> inclusive, with no question of the day.</summary>
    public sealed record Skip(DateOnly From, DateOnly To) : ScheduleRequest;

    /// <summary>Local dates that are no longer days off.</summary>
    public sealed record Unskip(DateOnly From, DateOnly To) : ScheduleRequest;

    /// <summary>The days off to come.</summary>
    public sealed record DaysOff : ScheduleRequest;

    /// <summary>A reminder in each daily round's thread <paramref name="Before"/> it closes; null: no reminders.</summary>
    public sealed record Remind(TimeSpan? Before) : ScheduleRequest;

    /// <summary>Refused, with what is wrong and an example that works.</summary>
    public sealed record Invalid(string Problem) : ScheduleRequest;
}

/// <summary>
/// Parses <c>schedule daily 09:00 Europe/Berlin [weekdays|every day] [topic …]</c>, <c>show</c>, <c>off</c>, <c>next</c>,
/// and the days off: <c>skip</c> / <c>unskip</c> a date or a range, <c>skips</c>.
/// </summary>
public static partial class ScheduleParser
{
    public const string Example = "schedule daily 09:00 Europe/Berlin weekdays leadership";

    public const string SkipExample = "schedule skip 2026-12-24..2027-01-02 or schedule skip 2026-12-31";

    public const string RemindExample = "schedule remind 2h, schedule remind 90m or schedule remind off";

    /// <summary>
    /// The longest range one command may skip. A year covers any holiday; a longer range is more likely a typo in the
    /// year (2062 for 2026) than a wish, and switching the schedule off says that better.
    /// </summary>
    public const int MaxSkipDays = 366;

    public static ScheduleRequest Parse(string arguments)
    {
        var words = arguments.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return Invalid("Tell me when to post the question of the day.");
        }

        switch (words[0].ToLowerInvariant())
        {
            case "show":
                return new ScheduleRequest.Show();
            case "off" or "stop" or "cancel" or "delete":
                return new ScheduleRequest.Off();
            case "next":
                return new ScheduleRequest.Next();
            case "skips" or "holidays" or "daysoff":
                return new ScheduleRequest.DaysOff();
            case "skip" or "unskip":
                return ParseDates(words[0].ToLowerInvariant() == "skip", words[1..]);
            case "remind" or "reminder" or "reminders":
                return ParseRemind(words[1..]);
            case "daily":
                break;
            default:
                return Invalid($"I don't know \"schedule {words[0]}\": use schedule daily, show, next, off, skip, unskip, skips or remind.");
        }

        if (words.Length < 2)
        {
            return Invalid("A daily schedule needs a time.");
        }

        if (!TimeOnly.TryParseExact(words[1], ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return Invalid($"\"{words[1]}\" is not a time: use 24-hour HH:MM, from 00:00 to 23:59.");
        }

        TimeZoneInfo? zone = null;
        var rest = words.Skip(2).ToList();
        if (rest.Count > 0 && LooksLikeZone(rest[0]))
        {
            if (!TryFindZone(rest[0], out var found))
            {
                return Invalid(ZoneProblem(rest[0]));
            }

            zone = found;
            rest.RemoveAt(0);
        }

        var days = ScheduleDays.Weekdays;
        if (rest.Count > 0 && rest[0].Equals("weekdays", StringComparison.OrdinalIgnoreCase))
        {
            rest.RemoveAt(0);
        }
        else if (rest.Count > 0 && (rest[0].Equals("everyday", StringComparison.OrdinalIgnoreCase) || rest[0].Equals("daily", StringComparison.OrdinalIgnoreCase)))
        {
            days = ScheduleDays.EveryDay;
            rest.RemoveAt(0);
        }
        else if (rest.Count > 1 && rest[0].Equals("every", StringComparison.OrdinalIgnoreCase) && rest[1].Equals("day", StringComparison.OrdinalIgnoreCase))
        {
            days = ScheduleDays.EveryDay;
            rest.RemoveRange(0, 2);
        }

        return new ScheduleRequest.Set(time, zone, days, rest.Count == 0 ? null : string.Join(' ', rest));
    }

    /// <summary>
    /// Whether the word after the time is meant as a zone (it may be left out, and then days or a topic follow):
    /// an IANA-style name, or an abbreviation such as CET or EST, which is refused as ambiguous rather than read as a topic.
    /// </summary>
    private static bool LooksLikeZone(string word) =>
        word.Contains('/', StringComparison.Ordinal) || word.Equals("UTC", StringComparison.OrdinalIgnoreCase)
        || (word.Length is >= 2 and <= 5 && word.All(char.IsAsciiLetterUpper)) || ZoneOfCity(word) is not null;

    /// <summary>The IANA zone named after a city ("Berlin" → Europe/Berlin), so a city alone gets a pointer, not a topic search.</summary>
    private static string? ZoneOfCity(string word) =>
        word.Length < 3 ? null : TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id)
            .FirstOrDefault(id => id.EndsWith("/" + word.Replace(' ', '_'), StringComparison.OrdinalIgnoreCase));

    private static ScheduleRequest ParseDates(bool skip, string[] words)
    {
        var verb = skip ? "skip" : "unskip";
        if (words.Length == 0)
        {
            return InvalidDates($"Which dates should I {verb}?");
        }

        // "2026-12-24 .. 2027-01-02" with spaces reads the same as without them.
        var text = string.Concat(words);
        if (words.Length > 1 && !text.Contains("..", StringComparison.Ordinal))
        {
            return InvalidDates($"Give one date or one range, not \"{string.Join(' ', words)}\".");
        }

        var ends = text.Split("..", 2);
        if (!TryDate(ends[0], out var from))
        {
            return InvalidDates($"\"{ends[0]}\" is not a date: write it as YYYY-MM-DD.");
        }

        var to = from;
        if (ends.Length == 2 && !TryDate(ends[1], out to))
        {
            return InvalidDates($"\"{ends[1]}\" is not a date: write it as YYYY-MM-DD.");
        }

        if (to < from)
        {
            return InvalidDates($"That range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).");
        }

        if (to.DayNumber - from.DayNumber + 1 > MaxSkipDays)
        {
            return InvalidDates($"That range is {to.DayNumber - from.DayNumber + 1} days long; one {verb} covers at most {MaxSkipDays} days. To stop for longer, say schedule off.");
        }

        return skip ? new ScheduleRequest.Skip(from, to) : new ScheduleRequest.Unskip(from, to);
    }

    private static ScheduleRequest ParseRemind(string[] words)
    {
        if (words.Length == 0)
        {
            return new ScheduleRequest.Invalid($"How long before a daily round closes should I remind people? For example: {RemindExample}");
        }

        var text = string.Join(' ', words);
        if (words is [var only] && only.ToLowerInvariant() is "off" or "none" or "stop" or "no")
        {
            return new ScheduleRequest.Remind(null);
        }

        var match = Length().Match(text);
        if (!match.Success || (!match.Groups["h"].Success && !match.Groups["m"].Success))
        {
            return new ScheduleRequest.Invalid($"\"{text}\" is not a length of time I understand: use hours and minutes. For example: {RemindExample}");
        }

        var hours = match.Groups["h"].Success && int.TryParse(match.Groups["h"].Value, CultureInfo.InvariantCulture, out var h) ? h : 0;
        var minutes = match.Groups["m"].Success && int.TryParse(match.Groups["m"].Value, CultureInfo.InvariantCulture, out var m) ? m : 0;
        var before = TimeSpan.FromHours(hours) + TimeSpan.FromMinutes(minutes);
        return before < TimeSpan.FromMinutes(1)
            ? new ScheduleRequest.Invalid($"A reminder needs at least a minute before the round closes. For example: {RemindExample}")
            : new ScheduleRequest.Remind(before);
    }

    /// <summary>"2h", "90m", "1h30m", "1h 30m", "3 hours", "45 minutes"; at most four digits each, so no number overflows.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(?:(?<h>\d{1,4})\s*(?:hours|hour|hrs|hr|h)(?![a-z]))?\s*(?:(?<m>\d{1,4})\s*(?:minutes|minute|mins|min|m)(?![a-z]))?\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex Length();

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static ScheduleRequest.Invalid InvalidDates(string problem) => new($"{problem} For example: {SkipExample}");

    /// <summary>What to say about a word meant as a time zone that is not one this host knows.</summary>
    public static string ZoneProblem(string zone) => ZoneOfCity(zone) is { } city
        ? $"\"{zone}\" is not a time zone I know: did you mean {city}?"
        : $"\"{zone}\" is not a time zone I know: use an IANA name such as Europe/Berlin, America/New_York, Asia/Tokyo or UTC.";

    public static bool TryFindZone(string id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        // Only IANA names (and UTC): Windows names and offsets like "+02:00" are ambiguous across DST.
        if (!(id.Equals("UTC", StringComparison.OrdinalIgnoreCase) || id.Contains('/', StringComparison.Ordinal)))
        {
            return false;
        }

        try
        {
            zone = id.Equals("UTC", StringComparison.OrdinalIgnoreCase) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    private static ScheduleRequest.Invalid Invalid(string problem) => new($"{problem} For example: {Example}");
}
