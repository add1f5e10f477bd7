using ChatApp.Contracts;
using ChatApp.Data;
using ChatApp.Hubs;
using ChatApp.Tests.Infrastructure;
using Newtonsoft.Json.Linq;

namespace ChatApp.Tests.Features;

/// <summary>
/// <c>chat:presence</c> and <c>online</c> / <c>last_seen</c> on <c>/chats</c>. Going offline waits
/// Presence:OfflineAfterSeconds (5) on the app's clock, which the tests advance.
/// </summary>
public sealed class PresenceTests
{
    const string AdaOnline = """{"user_id":1,"online":true,"last_seen":null}""";

    [Fact]
    public async Task ComingOnlineIsToldOnceToEveryConnectionOfEveryPartnerAndNobodyElse()
    {
        await using var app = new ChatAppFactory();
        var (ada, bob, eve) = await PartnersAsync(app);
        await using var bobPhone = await Device.OpenAsync(app, bob, name: "bob phone");
        await using var bobV1 = await Device.OpenAsync(app, bob, resumeFrom: null, name: "bob v1");
        await using var eveHub = await Device.OpenAsync(app, eve);

        await using var adaPhone = await Device.OpenAsync(app, ada, name: "ada phone");
        await using var adaLaptop = await Device.OpenAsync(app, ada, name: "ada laptop");

        foreach (var device in new[] { bobPhone, bobV1 })
            await device.WaitForAsync(EventNames.Presence, _ => true);
        var row = await app.ClientFor(bob).ChatWithAsync(ada.Id);
        Assert.Equal((true, JTokenType.Null), ((bool)row["online"]!, row["last_seen"]!.Type));
        // Ada's presence is announced once, before her first connection's handshake ends; nothing follows it.
        await Task.Delay(200);
        foreach (var device in new[] { bobPhone, bobV1 })
            Assert.Equal([AdaOnline], Presences(device).Where(p => p.Contains("\"user_id\":1,")));
        // Eve is not Ada's partner (she is Bob's, who was online before her).
        Assert.Empty(Presences(eveHub));
        // Ada hears nothing of her own presence; Bob was already online when she came.
        Assert.Empty(Presences(adaLaptop));
    }

    [Fact]
    public async Task GoingOfflineIsToldAfterTheGracePeriodWithLastSeenAndShowsOnChats()
    {
        await using var app = new ChatAppFactory();
        var (ada, bob, _) = await PartnersAsync(app);
        await using var bobPhone = await Device.OpenAsync(app, bob);
        var adaPhone = await Device.OpenAsync(app, ada);
        var adaLaptop = await Device.OpenAsync(app, ada);
        await bobPhone.WaitForAsync(EventNames.Presence, _ => true);

        await adaPhone.DisposeAsync();
        await adaLaptop.DisposeAsync();
        await ConnectionsAsync(app, 1);
        var closedAt = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(100);
        Assert.Equal([AdaOnline], Presences(bobPhone));
        Assert.True((bool)(await app.ClientFor(bob).ChatWithAsync(ada.Id))["online"]!);
        app.Clock.Advance(TimeSpan.FromSeconds(0.2));

        var offline = await bobPhone.WaitForAsync(EventNames.Presence, p => !(bool)p["online"]!);
        var lastSeen = (closedAt + TimeSpan.FromSeconds(5.1)).ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
        Assert.Equal($$"""{"user_id":1,"online":false,"last_seen":"{{lastSeen}}"}""", offline.ToString(Newtonsoft.Json.Formatting.None));
        var row = await app.ClientFor(bob).ChatWithAsync(ada.Id);
        Assert.Equal((false, lastSeen), ((bool)row["online"]!, (string?)row["last_seen"]));
    }

    [Fact]
    public async Task AReloadWithinTheGracePeriodAnnouncesNothing()
    {
        await using var app = new ChatAppFactory();
        var (ada, bob, _) = await PartnersAsync(app);
        await using var bobPhone = await Device.OpenAsync(app, bob);
        var before = await Device.OpenAsync(app, ada);
        await bobPhone.WaitForAsync(EventNames.Presence, _ => true);

        await before.DisposeAsync();
        await ConnectionsAsync(app, 1);
        app.Clock.Advance(TimeSpan.FromSeconds(3));
        await using var after = await Device.OpenAsync(app, ada);
        app.Clock.Advance(TimeSpan.FromSeconds(30));

        // Bob's marker: Eve, his partner too, comes online.
        await using var eveHub = await Device.OpenAsync(app, app.Service<ChatApp.Data.Stores.UserStore>().FindById(3)!);
        await bobPhone.WaitForAsync(EventNames.Presence, p => (int)p["user_id"]! == 3);
        Assert.Equal([AdaOnline, """{"user_id":3,"online":true,"last_seen":null}"""], Presences(bobPhone));
        Assert.True((bool)(await app.ClientFor(bob).ChatWithAsync(ada.Id))["online"]!);
    }

    [Fact]
    public async Task LastSeenIsStoredAndSurvivesARestart()
    {
        var path = ChatAppFactory.TempDatabasePath();
        string lastSeen;
        try
        {
            await using (var app = new ChatAppFactory(path))
            {
                var (ada, bob, _) = await PartnersAsync(app);
                await using var bobPhone = await Device.OpenAsync(app, bob);
                var adaPhone = await Device.OpenAsync(app, ada);
                await adaPhone.DisposeAsync();
                await ConnectionsAsync(app, 1);
                app.Clock.Advance(TimeSpan.FromSeconds(6));
                lastSeen = (string)(await bobPhone.WaitForAsync(EventNames.Presence, p => !(bool)p["online"]!))["last_seen"]!;
                // The announcement follows the store's write; /chats reads it back.
                Assert.Equal(lastSeen, (string?)(await app.ClientFor(bob).ChatWithAsync(ada.Id))["last_seen"]);
            }

            await using (var restarted = new ChatAppFactory(path))
            {
                var bob = restarted.Service<ChatApp.Data.Stores.UserStore>().FindById(2)!;
                var row = await restarted.ClientFor(bob).ChatWithAsync(1);
                Assert.Equal((false, lastSeen), ((bool)row["online"]!, (string?)row["last_seen"]));
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    /// <summary>Ada–Bob and Bob–Eve talk; Ada and Eve do not.</summary>
    static async Task<(UserDocument Ada, UserDocument Bob, UserDocument Eve)> PartnersAsync(ChatAppFactory app)
    {
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        await app.ClientFor(ada).SendRestAsync(bob.Id, "hi bob");
        await app.ClientFor(eve).SendRestAsync(bob.Id, "hi bob, eve here");
        return (ada, bob, eve);
    }

    static List<string> Presences(Device device) =>
        device.All(EventNames.Presence).Select(p => p.ToString(Newtonsoft.Json.Formatting.None)).ToList();

    /// <summary>Waits until the server has handled closed connections, so the clock can be advanced past their grace.</summary>
    static async Task ConnectionsAsync(ChatAppFactory app, int open)
    {
        var registry = app.Service<ConnectionRegistry>();
        var deadline = DateTime.UtcNow + HubTestClient.Patience;
        while (registry.Count != open && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        Assert.Equal(open, registry.Count);
        // The registry forgets a connection just before presence hears of it.
        await Task.Delay(50);
    }
}
