namespace ChatApp.Tests.Infrastructure;

/// <summary>The database files earlier versions wrote (ChatApp.Tests/Data/Fixtures, described in its README).</summary>
public static class DatabaseFixtures
{
    static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", name);

    /// <summary>Copies fixture <paramref name="name"/> to <c>chat.db</c> in <paramref name="directory"/> (created) and returns that path.</summary>
    public static string CopyTo(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "chat.db");
        File.Copy(PathOf(name), path);
        return path;
    }

    public static string ReadText(string name) => File.ReadAllText(PathOf(name));
}
