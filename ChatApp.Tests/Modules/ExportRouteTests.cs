using System.Net;
using System.Net.Http.Json;
using ChatApp.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace ChatApp.Tests.Modules;

public sealed class ExportRouteTests
{
    [Fact]
    public async Task ExportIsAnAttachmentWithExactlyTheCallersConversationsOldestFirstWithBlocksAndSettings()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var carl = await app.CreateUserAsync("carl");
        var dave = await app.CreateUserAsync("dave");
        var adaRest = app.ClientFor(ada);
        var bobRest = app.ClientFor(bob);
        var carlRest = app.ClientFor(carl);
        foreach (var (from, to, body) in new[]
                 {
                     (adaRest, bob, "ada to bob 1"), (bobRest, ada, "bob to ada 2"), (bobRest, carl, "BOB-CARL-PRIVATE 1"),
                     (adaRest, carl, "ada to carl 3"), (carlRest, bob, "CARL-BOB-PRIVATE 2"), (adaRest, bob, "ada to bob 4"),
                     (adaRest, ada, "ada to herself 5"),
                 })
        {
            await from.SendMessageAsync(to.Id, body);
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        (await adaRest.PutAsync($"/blocks/{dave.Id}", null)).EnsureSuccessStatusCode();
        (await adaRest.PatchAsync("/user/settings", JsonContent.Create(new { share_read_receipts = false }))).EnsureSuccessStatusCode();
        // Bob blocks ada: his block is his, not part of her export.
        (await bobRest.PutAsync($"/blocks/{ada.Id}", null)).EnsureSuccessStatusCode();

        var response = await adaRest.GetAsync("/user/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".json", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("PRIVATE", text);
        var export = TestApi.ParseWire(text);
        Snapshot.Match(export);
        Assert.Equal(["user", "exported_at", "settings", "blocks", "conversations"], ((JObject)export).Properties().Select(p => p.Name));
        // Each conversation holds exactly what GET /message shows the caller, oldest first.
        foreach (var conversation in (JArray)export["conversations"]!)
        {
            var messages = (JArray)conversation["messages"]!;
            var history = await adaRest.GetArrayAsync($"/message/{(int)conversation["with"]!["id"]!}");
            Assert.Equal(history.Reverse().Select(m => m.ToString()), messages.Select(m => m.ToString()));
        }
        Assert.Equal([ada.Id, bob.Id, carl.Id], export["conversations"]!.Select(c => (int)c["with"]!["id"]!).Order());
    }

    [Fact]
    public async Task ExportOfAUserWithNothingIsStillAWholeDocument()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        await app.ClientFor(await app.CreateUserAsync("bob")).SendMessageAsync((await app.CreateUserAsync("carl")).Id, "not ada's");

        var export = TestApi.ParseWire(await app.ClientFor(ada).GetStringAsync("/user/export"));

        Assert.Empty((JArray)export["conversations"]!);
        Assert.Empty((JArray)export["blocks"]!);
        Assert.Equal("ada", (string?)export["user"]!["username"]);
    }

    [Fact]
    public async Task APartnersExportShowsADeletedUserAsDeletedWithTombstones()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var bob = await app.CreateUserAsync("bob");
        var adaId = await app.SignUpAsync("ada");
        var ada = app.ClientWithToken(await app.LoginAsync("ada"));
        await ada.SendMessageAsync(bob.Id, "ada's words");
        await app.ClientFor(bob).SendMessageAsync(adaId, "bob's words");
        (await ada.SendJsonAsync(HttpMethod.Delete, "/user", new { password = TestApi.Password })).EnsureSuccessStatusCode();

        var response = await app.ClientFor(bob).GetAsync("/user/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var conversation = ((JArray)(await response.ReadJsonAsync())["conversations"]!).Single();
        Assert.Equal((adaId, "[deleted]"), ((int)conversation["with"]!["id"]!, (string?)conversation["with"]!["username"]));
        Assert.Equal(["", "bob's words"], conversation["messages"]!.Select(m => (string?)m["body"]));
    }
}
