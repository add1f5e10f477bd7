using System.Net;
using System.Text;
using ChatApp.Data.Engine;
using ChatApp.Tests.Infrastructure;

namespace ChatApp.Tests.Data;

/// <summary>A delete erases the text from storage, not only from answers: the files on disk are searched byte by byte.</summary>
public sealed class DeletedBodyErasureTests
{
    [Fact]
    public async Task AfterADeleteAndACheckpointTheBodysBytesAreInNeitherDatabaseFile()
    {
        var path = ChatAppFactory.TempDatabasePath();
        var secret = "erase-me-" + Guid.NewGuid().ToString("N");
        var control = "keep-me-" + Guid.NewGuid().ToString("N");
        try
        {
            await using (var app = new ChatAppFactory(path))
            {
                var ada = await app.CreateUserAsync("ada");
                var bob = await app.CreateUserAsync("bob");
                var adaRest = app.ClientFor(ada);
                var gone = (int)(await adaRest.SendRestAsync(bob.Id, secret))["id"]!;
                await adaRest.SendRestAsync(bob.Id, control);
                // Still the newest message of the conversation when it is edited, and not when it is deleted.
                await adaRest.EditAsync(gone, secret + " (edited)").Expect(HttpStatusCode.OK);
                await adaRest.SendRestAsync(bob.Id, "after");

                await adaRest.DeleteMessageAsync(gone).Expect(HttpStatusCode.NoContent);
            }
            // Disposing the app closes the database cleanly, which checkpoints the log into the data file.

            var files = new[] { path, LiteLogStream.PathFor(path) }.Where(File.Exists).ToList();
            var bytes = files.SelectMany(File.ReadAllBytes).ToArray();
            Assert.Contains(path, files);
            Assert.True(Contains(bytes, control), "the undeleted control body should be in the file: the search can find a body");
            Assert.False(Contains(bytes, secret), $"the deleted body is still in {string.Join(" or ", files.Where(f => Contains(File.ReadAllBytes(f), secret)))}");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public async Task AfterADeleteAndTheIdleCheckpointTheBodysBytesAreNotInTheFilesOfARunningServer()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var adaRest = app.ClientFor(ada);
        var secret = "erase-me-too-" + Guid.NewGuid().ToString("N");
        var control = "keep-me-too-" + Guid.NewGuid().ToString("N");
        var gone = (int)(await adaRest.SendRestAsync(bob.Id, secret))["id"]!;
        await adaRest.SendRestAsync(bob.Id, control);

        await adaRest.DeleteMessageAsync(gone).Expect(HttpStatusCode.NoContent);

        // The writer checkpoints after a second without writes; the files are read while the server holds them.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        bool secretFound, controlFound;
        do
        {
            await Task.Delay(250);
            var bytes = ReadShared(app.DatabasePath).Concat(ReadShared(LiteLogStream.PathFor(app.DatabasePath))).ToArray();
            (secretFound, controlFound) = (Contains(bytes, secret), Contains(bytes, control));
        }
        while ((secretFound || !controlFound) && DateTime.UtcNow < deadline);

        Assert.True(controlFound, "the undeleted control body should be in the files");
        Assert.False(secretFound, "the deleted body is still in the database files 15 s after the delete");
    }

    static byte[] ReadShared(string path)
    {
        if (!File.Exists(path))
            return [];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }

    static bool Contains(byte[] haystack, string text) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
