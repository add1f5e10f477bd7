using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ChatApp.Data;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace ChatApp.Tests.Features;

/// <summary>
/// The issue's main proof: whatever happens to a client's connections, the events it ends up with are
/// exactly its user's feed as <c>GET /sync</c> gives it — none missing, none twice, in order.
/// </summary>
public sealed class FeedConvergenceTests(ITestOutputHelper output)
{
    static readonly string[] Names = ["ada", "bob", "cy", "dee"];
    const int MaxInFlight = 8;

    sealed record Sent(int Id, int From, int To);

    sealed class World(ChatAppFactory app, List<UserDocument> users)
    {
        public ChatAppFactory App => app;
        public List<UserDocument> Users => users;
        public Dictionary<int, HttpClient> Rest { get; } = users.ToDictionary(u => u.Id, app.ClientFor);
        public ConcurrentBag<Sent> Acknowledged { get; } = [];

        public static async Task<World> CreateAsync(ChatAppFactory app)
        {
            var users = new List<UserDocument>();
            foreach (var name in Names)
                users.Add(await app.CreateUserAsync(name));
            return new World(app, users);
        }

        /// <summary>A send over REST (either route); failures fail the test, since nothing here disconnects REST.</summary>
        public async Task SendRestAsync(UserDocument from, UserDocument to, bool byName, string body)
        {
            var response = byName
                ? await Rest[from.Id].PostJsonAsync($"/add_message/{to.Username}", new { body })
                : await Rest[from.Id].PostJsonAsync($"/message/{to.Id}", new { body });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Acknowledged.Add(new Sent((int)(await response.ReadJsonAsync())["id"]!, from.Id, to.Id));
        }

        /// <summary>
        /// A send over the hub, on a connection the test may drop at any moment: then the send has no answer,
        /// may or may not be stored, and either way the feeds must still agree.
        /// </summary>
        public async Task SendHubAsync(HubConnection connection, UserDocument from, UserDocument to, int shape, string body)
        {
            try
            {
                var message = shape switch
                {
                    0 => await connection.InvokeJsonAsync("Send", new { to = to.Id, body }),
                    1 => await connection.InvokeJsonAsync("Send", new { to_username = to.Username, body, client_id = Guid.NewGuid().ToString("N") }),
                    _ => await connection.InvokeJsonAsync("SendMessage", to.Id, body),
                };
                Acknowledged.Add(new Sent((int)message["id"]!, from.Id, to.Id));
            }
            catch (Exception e) when (connection.State != HubConnectionState.Connected
                                      && e is InvalidOperationException or TaskCanceledException or IOException or TimeoutException)
            {
                // Dropped mid-call.
            }
        }

        /// <summary>Every acknowledged message is in the feed of each participant exactly once.</summary>
        public void AssertEveryAcknowledgedMessageIsInBothFeeds(Dictionary<int, List<JToken>> feeds, string context)
        {
            var counts = feeds.ToDictionary(f => f.Key, f => f.Value.GroupBy(e => (int)e["message"]!["id"]!).ToDictionary(g => g.Key, g => g.Count()));
            foreach (var sent in Acknowledged)
                foreach (var owner in new[] { sent.From, sent.To }.Distinct())
                    Assert.True(counts[owner].GetValueOrDefault(sent.Id) == 1,
                        $"message {sent.Id} ({sent.From}→{sent.To}) is in user {owner}'s feed {counts[owner].GetValueOrDefault(sent.Id)} times; {context}");
        }
    }

    [Fact]
    public async Task HubClientsDroppedAtRandomMomentsAndResumedEndWithExactlyTheirUsersFeed()
    {
        var seed = TestSeed.Choose();
        var context = TestSeed.Describe(seed);
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var world = await World.CreateAsync(app);
        // Two devices each for ada and bob, one each for cy and dee.
        var devices = world.Users
            .SelectMany((u, i) => Enumerable.Range(0, i < 2 ? 2 : 1).Select(d => (User: u, Device: new FeedDevice(app, app.TokenFor(u), $"{u.Username}#{d}"))))
            .ToList();
        foreach (var (_, device) in devices)
            await device.ConnectAndResumeAsync();
        var inFlight = new List<Task>();
        var (sends, drops, resumes, midReplay) = (0, 0, 0, 0);

        for (var step = 0; step < 160; step++)
        {
            var roll = random.Next(100);
            var (user, device) = devices[random.Next(devices.Count)];
            if (step is 50 or 110 || roll < 2)
            {
                midReplay++;
                await DropMidReplayAsync(world, user, device, random, $"b{step}");
            }
            else if (roll < 75)
            {
                sends++;
                inFlight.Add(SendAtRandomAsync(world, devices, random, $"s{step}"));
            }
            else if (roll < 95 && device.Connection is not null)
            {
                drops++;
                await device.DropAsync();
            }
            else if (roll < 95)
            {
                resumes++;
                await device.ConnectAndResumeAsync();
            }
            else
                await Task.Delay(random.Next(1, 5));
            if (inFlight.Count >= MaxInFlight)
            {
                await Task.WhenAny(inFlight);
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }
        await Task.WhenAll(inFlight);
        foreach (var (_, device) in devices.Where(d => d.Device.Connection is null))
            await device.ConnectAndResumeAsync();

        var feeds = new Dictionary<int, List<JToken>>();
        foreach (var user in world.Users)
            feeds[user.Id] = await world.Rest[user.Id].WholeFeedAsync();
        foreach (var (user, device) in devices)
        {
            await device.WaitForAsync(feeds[user.Id].Count);
            Assert.True(device.Violations.Count == 0, $"{context}: {string.Join("; ", device.Violations)}");
            var expected = feeds[user.Id].Select(e => e.Line()).ToList();
            var accepted = device.Accepted.Select(e => e.Line()).ToList();
            Assert.True(expected.SequenceEqual(accepted),
                $"{context}: {device.Name} accepted {accepted.Count} events, the feed holds {expected.Count}; first difference at index " +
                $"{expected.Zip(accepted).TakeWhile(p => p.First == p.Second).Count()}");
        }
        world.AssertEveryAcknowledgedMessageIsInBothFeeds(feeds, context);
        output.WriteLine($"{context}: {sends} single sends, {world.Acknowledged.Count} acknowledged, {drops} drops, {resumes} resumes, " +
            $"{midReplay} drops mid-replay, {devices.Sum(d => d.Device.Abandoned)} events from dropped connections ignored, " +
            $"feeds {string.Join("/", feeds.Values.Select(f => f.Count))}, {clock.ElapsedMilliseconds} ms");
        foreach (var (_, device) in devices)
            await device.DisposeAsync();
    }

    /// <summary>One send from a random user to a random user (sometimes oneself), over a random route or hub method.</summary>
    static Task SendAtRandomAsync(World world, List<(UserDocument User, FeedDevice Device)> devices, Random random, string body)
    {
        var from = world.Users[random.Next(world.Users.Count)];
        var to = random.Next(10) == 0 ? from : world.Users[random.Next(world.Users.Count)];
        var transport = random.Next(5);
        var connection = devices.Where(d => d.User.Id == from.Id).Select(d => d.Device.Connection).OfType<HubConnection>().FirstOrDefault();
        return transport < 2 || connection is null
            ? world.SendRestAsync(from, to, byName: transport == 1, body)
            : world.SendHubAsync(connection, from, to, transport - 2, body);
    }

    /// <summary>
    /// The device is away while many events arrive for its user; it reconnects, calls Resume and the
    /// connection is dropped at once, or after a random number of the replayed events.
    /// </summary>
    static async Task DropMidReplayAsync(World world, UserDocument user, FeedDevice device, Random random, string body)
    {
        await device.DropAsync();
        var burst = random.Next(30, 90);
        var senders = Enumerable.Range(0, burst).Select(_ => world.Users[random.Next(world.Users.Count)]).ToList();
        await Parallel.ForEachAsync(Enumerable.Range(0, burst), new ParallelOptions { MaxDegreeOfParallelism = MaxInFlight },
            async (i, _) => await world.SendRestAsync(senders[i], user, byName: i % 2 == 0, $"{body}.{i}"));
        var stopAfter = random.Next(3) == 0 ? 0 : random.Next(1, burst);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = 0;
        device.OnAccepted = _ =>
        {
            if (++seen >= stopAfter)
                reached.TrySetResult();
            return Task.CompletedTask;
        };
        await device.ConnectAsync();
        var resuming = device.ResumeAsync();
        if (stopAfter > 0)
            await reached.Task.WaitAsync(HubTestClient.Patience);
        device.OnAccepted = null;
        await device.DropAsync();
        try
        {
            await resuming;
        }
        catch (Exception e) when (e is InvalidOperationException or TaskCanceledException or IOException)
        {
            // Stopped before its answer: expected.
        }
    }

    [Fact]
    public async Task ClientsThatOnlyPollSyncInRandomPagesEndWithExactlyTheirUsersFeed()
    {
        var seed = TestSeed.Choose();
        var context = TestSeed.Describe(seed);
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var world = await World.CreateAsync(app);
        var pollers = world.Users.SelectMany((u, i) => Enumerable.Range(0, i < 2 ? 2 : 1).Select(d => (User: u, Name: $"{u.Username}#{d}"))).ToList();
        var sendsDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sends = Enumerable.Range(0, 300)
            .Select(i => (From: world.Users[random.Next(4)], To: world.Users[random.Next(4)], ByName: random.Next(2) == 0, Body: $"p{i}"))
            .ToList();

        var sending = Task.Run(async () =>
        {
            await Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = 6 },
                async (s, _) => await world.SendRestAsync(s.From, s.To, s.ByName, s.Body));
            sendsDone.SetResult();
        });
        var polling = pollers.Select((p, i) => PollAsync(world.Rest[p.User.Id], p.Name, new Random(seed + i + 1), sendsDone.Task, context)).ToList();
        await sending;
        var results = await Task.WhenAll(polling);

        var feeds = new Dictionary<int, List<JToken>>();
        foreach (var user in world.Users)
        {
            feeds[user.Id] = await world.Rest[user.Id].WholeFeedAsync();
            // Small pages give the same feed as the largest ones.
            Assert.Equal(feeds[user.Id].Select(e => e.Line()), (await world.Rest[user.Id].WholeFeedAsync(limit: 7)).Select(e => e.Line()));
        }
        foreach (var ((user, name), (events, polls)) in pollers.Zip(results))
            Assert.True(feeds[user.Id].Select(e => e.Line()).SequenceEqual(events.Select(e => e.Line())),
                $"{context}: {name} polled {events.Count} events in {polls} polls, the feed holds {feeds[user.Id].Count}");
        world.AssertEveryAcknowledgedMessageIsInBothFeeds(feeds, context);
        output.WriteLine($"{context}: {world.Acknowledged.Count} sends, {results.Sum(r => r.Polls)} polls, " +
            $"feeds {string.Join("/", feeds.Values.Select(f => f.Count))}, {clock.ElapsedMilliseconds} ms");
    }

    /// <summary>
    /// A client without the hub: polls from its last seq in pages of random size while messages arrive,
    /// and stops once a poll made after the last send was acknowledged says there is no more.
    /// </summary>
    static async Task<(List<JToken> Events, int Polls)> PollAsync(HttpClient client, string name, Random random, Task sendsDone, string context)
    {
        var events = new List<JToken>();
        var last = 0;
        for (var polls = 1; polls < 20_000; polls++)
        {
            var finalRound = sendsDone.IsCompleted;
            var limit = random.Next(8) == 0 ? (int?)null : random.Next(1, 60);
            var response = await client.GetAsync(limit is null ? $"/sync?since={last}" : $"/sync?since={last}&limit={limit}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{context}: {name} GET /sync?since={last}&limit={limit}: {text}");
            var page = WireJson.Parse(text);
            var since = last;
            foreach (var e in page["events"]!)
            {
                Assert.True((int)e["seq"]! == last + 1, $"{context}: {name} got seq {e["seq"]} after {last}");
                events.Add(e);
                last++;
            }
            Assert.True(page["events"]!.Count() <= (limit ?? 100), $"{context}: {name} got a page longer than its limit");
            Assert.True((int)page["next"]! == last, $"{context}: {name} polled since {since}, got up to {last} and next {page["next"]}");
            if (finalRound && !(bool)page["has_more"]!)
                return (events, polls);
            if (!(bool)page["has_more"]!)
                await Task.Delay(random.Next(0, 4));
        }
        throw new TimeoutException($"{context}: {name} never caught up");
    }
}
