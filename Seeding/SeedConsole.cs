namespace ChatApp.Seeding;

/// <summary>Where the command writes; <see cref="Interactive"/> turns the live progress line on.</summary>
public sealed record SeedConsole(TextWriter Out, TextWriter Error, bool Interactive)
{
    public static SeedConsole System() => new(Console.Out, Console.Error, !Console.IsOutputRedirected);
}
