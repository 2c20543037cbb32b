namespace StarBot.Cli;

/// <summary>Exit codes scripts can rely on.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Unexpected failure inside StarBot.</summary>
    public const int Failure = 1;

    /// <summary>Bad usage, unknown topic, missing file or bad input: the message on stderr says which.</summary>
    public const int BadInput = 2;
}
