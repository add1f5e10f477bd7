using ChatApp.Seeding;

namespace ChatApp.Tests.Seeding;

public sealed class ProgressTests
{
    [Fact]
    public void OnATerminalALiveLineIsDrawnThenClearedBeforeTheSummary()
    {
        var output = new StringWriter();
        var progress = new Progress("messages", 2_000_000, new SeedConsole(output, TextWriter.Null, Interactive: true));

        progress.Report(1_000_000);
        progress.Finish(2_000_000);

        var text = output.ToString();
        Assert.StartsWith("\rmessages: 1,000,000/2,000,000 (", text);
        Assert.Matches(@"\r +\rcreated 2,000,000 messages in \d+\.\d s \([\d,]+/s\)" + Environment.NewLine + "$", text);
    }

    [Fact]
    public void WhenRedirectedOnlyTheSummaryIsWritten()
    {
        var output = new StringWriter();
        var progress = new Progress("users", 1, new SeedConsole(output, TextWriter.Null, Interactive: false));

        progress.Report(1);
        progress.Finish(1);

        Assert.Matches(@"^created 1 user in \d+\.\d s \([\d,]+/s\)" + Environment.NewLine + "$", output.ToString());
    }
}
