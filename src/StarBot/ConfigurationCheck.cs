using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using StarBot.Service;
using StarBot.Slack;
using StarBot.Teams;

namespace StarBot;

/// <summary>Configuration StarBot cannot run with: one line per problem, each naming its key as <c>Section:Key</c>.</summary>
public sealed class ConfigurationException(IReadOnlyList<string> problems) : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Checks every section before the host is built, so that a bad value is reported as the key and what is wrong
/// instead of surfacing as the binder's exception (or a logged stack trace) somewhere inside start-up.
/// </summary>
public static class ConfigurationCheck
{
    private static readonly (string Section, Type Options)[] Sections =
    [
        (StorageOptions.Section, typeof(StorageOptions)),
        (SchedulerOptions.Section, typeof(SchedulerOptions)),
        (OutboxOptions.Section, typeof(OutboxOptions)),
        (WebhookOptions.Section, typeof(WebhookOptions)),
        (TestingOptions.Section, typeof(TestingOptions)),
        (SlackOptions.Section, typeof(SlackOptions)),
        (TeamsOptions.Section, typeof(TeamsOptions)),
    ];

    /// <exception cref="ConfigurationException">Every problem found, in section order.</exception>
    public static void ThrowIfInvalid(IConfiguration configuration)
    {
        var problems = Sections.SelectMany(s => Problems(configuration, s.Section, s.Options)).ToList();
        if (problems.Count > 0)
        {
            throw new ConfigurationException(problems);
        }
    }

    private static List<string> Problems(IConfiguration configuration, string section, Type type)
    {
        var problems = new List<string>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            var key = $"{section}:{property.Name}";
            var value = configuration[key];
            var target = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (string.IsNullOrEmpty(value) || target == typeof(string))
            {
                continue;
            }

            try
            {
                // What the binder itself converts with, so that anything it would throw on is caught here, with its key.
                TypeDescriptor.GetConverter(target).ConvertFromInvariantString(value);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException)
            {
                problems.Add($"{key} must be {Expected(target)}, not '{value}'");
            }
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        object options;
        try
        {
            options = configuration.GetSection(section).Get(type) ?? Activator.CreateInstance(type)!;
        }
        catch (InvalidOperationException e)
        {
            return [$"{section}: {e.Message}"];
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        problems.AddRange(results.Select(r => r.ErrorMessage ?? $"{section}:{string.Join(", ", r.MemberNames)} is not valid"));
        return problems;
    }

    private static string Expected(Type type) =>
        type == typeof(int) || type == typeof(long) ? "a whole number"
        : type == typeof(bool) ? "true or false"
        : type == typeof(TimeSpan) ? "a time span such as 00:30:00 (hours:minutes:seconds) or 7.00:00:00 (days.hours:minutes:seconds)"
        : type == typeof(double) ? "a number"
        : type.IsEnum ? $"one of {string.Join(", ", Enum.GetNames(type))}"
        : $"a {type.Name}";
}
