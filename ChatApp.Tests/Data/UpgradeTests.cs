using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;
using LiteDB;

namespace ChatApp.Tests.Data;

public sealed class UpgradeTests
{
    [Fact]
    public async Task AFileWithTheOldConversationOrderIndexStillTakesMessages()
    {
        var path = ChatAppFactory.TempDatabasePath();
        await using (var app = new ChatAppFactory(path))
        {
            var ada = await app.CreateUserAsync("ada");
            var bob = await app.CreateUserAsync("bob");
            await app.ClientFor(ada).SendMessageAsync(bob.Id, "before the upgrade");
        }
        // Files written before 2026-11-25 carry a unique index on chats.Key, which new rows no longer fill.
        using (var old = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }))
        {
            var chats = old.GetCollection("chats");
            foreach (var row in chats.FindAll().ToList())
            {
                row["Key"] = row["_id"];
                chats.Update(row);
            }
            chats.EnsureIndex("Key", "$.Key", unique: true);
            // Such files predate schema versions.
            old.UserVersion = 0;
        }

        await using (var upgraded = new ChatAppFactory(path))
        {
            var ada = upgraded.Service<UserStore>().FindByUsername("ada")!;
            await upgraded.CreateUserAsync("eve");
            await upgraded.ClientFor(ada).SendMessageAsync(3, "to eve");
            await upgraded.ClientFor(ada).SendMessageAsync(2, "to bob again");
            var chats = await (await upgraded.ClientFor(ada).GetAsync("/chats")).ReadJsonAsync();

            Assert.Equal(["bob", "eve"], chats.Select(c => c.Value<string>("username")));
            Assert.Equal("to bob again", chats[0]!["last_message"]!.Value<string>("body"));
        }
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
