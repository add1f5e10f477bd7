namespace ChatApp.Commands;

/// <summary>Where a command writes; <see cref="Interactive"/> turns live progress lines on.</summary>
public sealed record CommandConsole(TextWriter Out, TextWriter Error, bool Interactive)
{
    public static CommandConsole System() => new(Console.Out, Console.Error, !Console.IsOutputRedirected);
}
