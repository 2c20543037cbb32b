using System.Globalization;

namespace StarBot.Core.Scheduling;

/// <summary>What a <c>schedule</c> command asks for.</summary>
public abstract record ScheduleRequest
{
    public sealed record Set(TimeOnly Time, TimeZoneInfo Zone, ScheduleDays Days, string? Topic) : ScheduleRequest;

    public sealed record Show : ScheduleRequest;

    public sealed record Off : ScheduleRequest;

    public sealed record Next : ScheduleRequest;

    /// <summary>Refused, with what is wrong and an example that works.</summary>
    public sealed record Invalid(string Problem) : ScheduleRequest;
}

/// <summary>Parses <c>schedule daily 09:00 Europe/Berlin [weekdays|every day] [topic …]</c>, <c>show</c>, <c>off</c> and <c>next</c>.</summary>
public static class ScheduleParser
{
    public const string Example = "schedule daily 09:00 Europe/Berlin weekdays leadership";

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
            case "daily":
                break;
            default:
                return Invalid($"I don't know \"schedule {words[0]}\": use schedule daily, show, next or off.");
        }

        if (words.Length < 3)
        {
            return Invalid("A daily schedule needs a time and a time zone.");
        }

        if (!TimeOnly.TryParseExact(words[1], ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return Invalid($"\"{words[1]}\" is not a time: use 24-hour HH:MM, from 00:00 to 23:59.");
        }

        if (!TryFindZone(words[2], out var zone))
        {
            return Invalid($"\"{words[2]}\" is not a time zone I know: use an IANA name such as Europe/Berlin, America/New_York, Asia/Tokyo or UTC.");
        }

        var rest = words.Skip(3).ToList();
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
