using System.Diagnostics;
using System.Globalization;

namespace ChatApp.Seeding;

/// <summary>The "seeding …" line, a live "done/total (rate)" line on a terminal, then the one-line summary.</summary>
public sealed class Progress(string noun, int total, SeedConsole console)
{
    static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(250);

    readonly Stopwatch _watch = Stopwatch.StartNew();
    TimeSpan _drawnAt = -RedrawEvery;
    int _width;

    /// <summary>
    /// Prints e.g. <c>seeding 1,000 messages into data/chat.db</c>. Called by a seeder once it knows it can
    /// seed, so that a refusal (too few users) is the command's only line of output.
    /// </summary>
    public void Start(string databasePath)
    {
        console.Out.WriteLine(Format($"seeding {total:N0} {noun} into {databasePath}"));
        _watch.Restart();
    }

    public void Report(int done)
    {
        if (!console.Interactive || _watch.Elapsed - _drawnAt < RedrawEvery)
            return;
        _drawnAt = _watch.Elapsed;
        var line = Format($"{noun}: {done:N0}/{total:N0} ({Rate(done):N0}/s)");
        console.Out.Write("\r" + line.PadRight(_width));
        _width = line.Length;
        console.Out.Flush();
    }

    /// <summary>Clears the live line and prints e.g. <c>created 1,000,000 messages in 38.2 s (26,178/s)</c>.</summary>
    public void Finish(int done)
    {
        if (_width > 0)
            console.Out.Write("\r" + new string(' ', _width) + "\r");
        var seconds = _watch.Elapsed.TotalSeconds;
        var what = done == 1 ? noun.TrimEnd('s') : noun;
        console.Out.WriteLine(Format($"created {done:N0} {what} in {seconds:0.0} s ({Rate(done):N0}/s)"));
    }

    double Rate(int done) => done / Math.Max(_watch.Elapsed.TotalSeconds, 0.001);

    static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
