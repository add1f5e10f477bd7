using System.Net;
using System.Text.RegularExpressions;
using ChatApp.Seeding;
using ChatApp.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace ChatApp.Tests.Seeding;

/// <summary>Seeded data read back through the real server, as a frontend or a benchmark would.</summary>
public sealed class SeededDataServedTests
{
    [Fact]
    public async Task AFakeUserLogsInWithTheDocumentedPasswordAndSeesChatsThatMatchTheHistory()
    {
        using var seed = new SeedRun();
        var users = seed.Run("users", "--count", "12", "--seed", "1");
        Assert.Equal(SeedCommand.Ok, seed.Run("messages", "--count", "600", "--seed", "2").Code);
        var username = Regex.Match(users.Out, "usernames: ([^,\n]+),").Groups[1].Value;
        await using var app = new ChatAppFactory(seed.DatabasePath);
        var client = app.CreateClient();

        var login = await client.PostJsonAsync("/login", new { username, password = "seeded-password" });

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (string)(await login.ReadJsonAsync())["access_token"]!;
        var me = app.ClientWithToken(token);
        var chats = (JArray)await (await me.GetAsync("/chats")).ReadJsonAsync();
        Assert.NotEmpty(chats);
        var myId = (int)(await (await me.GetAsync("/user")).ReadJsonAsync())["id"]!;
        var windowStart = ChatAppFactory.Start.AddDays(-30).UtcDateTime;
        var previous = DateTime.MaxValue;
        foreach (var chat in chats)
        {
            var history = (JArray)await (await me.GetAsync($"/message/{chat["id"]}")).ReadJsonAsync();
            Assert.NotEmpty(history);
            Assert.True(JToken.DeepEquals(history[0], chat["last_message"]), $"chat with {chat["username"]}");
            Assert.All(history, m => Assert.Contains(myId, new[] { (int)m["from"]!, (int)m["to"]! }));
            Assert.All(history, m => Assert.InRange((DateTime)m["date_created"]!, windowStart, ChatAppFactory.Start.UtcDateTime));
            var last = (DateTime)chat["last_message"]!["date_created"]!;
            Assert.True(last <= previous, "chats are most recent first");
            previous = last;
        }
    }

    [Fact]
    public async Task ChatsOfASeededUserAreTheSameForTheSameSeeds()
    {
        using var seed = new SeedRun();
        seed.Run("users", "--count", "6", "--seed", "3");
        seed.Run("messages", "--count", "200", "--seed", "4");
        await using var app = new ChatAppFactory(seed.DatabasePath);
        var user = app.Service<ChatApp.Data.Stores.UserStore>().FindById(1)!;

        var chats = await (await app.ClientFor(user).GetAsync("/chats")).ReadJsonAsync();

        Snapshot.Match(chats);
    }
}
