using System.Net;
using ChatApp.Data;
using ChatApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChatApp.Tests.Reliability;

/// <summary>
/// Unread counts stay exact under concurrency: two users each run a random program of sends, reads,
/// mark-unreads and deletes at the same time, in parts; after each part <c>/chats</c> and
/// <c>/chats/unread</c> must equal a plain model of the rules.
/// </summary>
public sealed class UnreadCountPropertyTests(ITestOutputHelper output)
{
    const int Parts = 5, StepsPerPart = 12;

    /// <summary>
    /// The rules, as docs/API.md words them. A user's pointer depends only on their own steps (which run in
    /// order): sending or reading moves it forward to that message, marking unread puts it just before one.
    /// Unread: the other user's messages after the pointer, not deleted. Ids grow with time (one clock).
    /// </summary>
    sealed class Model
    {
        public readonly SortedDictionary<int, (int From, bool Deleted)> Messages = [];
        public readonly Dictionary<int, int> Pointer = [];

        public int Unread(int owner, int other) =>
            Messages.Count(m => m.Key > Pointer.GetValueOrDefault(owner) && m.Value.From == other && !m.Value.Deleted);

        public int Before(int id) => Messages.Keys.Where(k => k < id).DefaultIfEmpty(0).Max();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RandomConcurrentSendsReadsUnreadMarksAndDeletesKeepTheCountsOfAPlainModel(int seed)
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var model = new Model();
        var clients = new Dictionary<int, HttpClient> { [ada.Id] = app.ClientFor(ada), [bob.Id] = app.ClientFor(bob) };
        // The first message, so that both have something to read from the start.
        var firstId = (int)(await clients[ada.Id].SendRestAsync(bob.Id, "hello"))["id"]!;
        model.Messages[firstId] = (ada.Id, false);
        model.Pointer[ada.Id] = firstId;
        var random = new Random(seed);
        var log = new List<string>();

        for (var part = 0; part < Parts; part++)
        {
            // Each user's program is drawn from what both know now; the two run at the same time.
            var known = model.Messages.ToDictionary();
            var programs = new[] { (ada, bob), (bob, ada) }.Select(p => Program(random, p.Item1.Id, p.Item2.Id, known)).ToList();
            log.Add($"part {part}: " + string.Join(" || ", programs.Select(p => string.Join(", ", p))));
            var results = await Task.WhenAll(programs.Select(p => RunAsync(clients, p)));
            foreach (var (step, sentId) in results.SelectMany(r => r))
            {
                // Sends first in id order, then each user's own steps in order: their effects commute across users.
                if (step.Kind == "send")
                    model.Messages[sentId] = (step.User, false);
                else if (step.Kind == "delete")
                    model.Messages[step.Target] = model.Messages[step.Target] with { Deleted = true };
            }
            foreach (var (step, sentId) in results.SelectMany(r => r))
            {
                var pointer = model.Pointer.GetValueOrDefault(step.User);
                model.Pointer[step.User] = step.Kind switch
                {
                    "send" => Math.Max(pointer, sentId),
                    "read" => Math.Max(pointer, step.Target),
                    "unread" => model.Before(step.Target),
                    _ => pointer,
                };
            }
            try
            {
                await AssertMatchesAsync(model, clients, ada, bob);
            }
            catch
            {
                output.WriteLine(string.Join("\n", log));
                throw;
            }
        }
        output.WriteLine($"seed {seed}: {Parts} parts x 2 users x {StepsPerPart} steps; {model.Messages.Count} messages, "
            + $"{model.Messages.Count(m => m.Value.Deleted)} deleted; unread ada {model.Unread(ada.Id, bob.Id)}, bob {model.Unread(bob.Id, ada.Id)}");
    }

    sealed record Step(int User, int Other, string Kind, int Target)
    {
        public override string ToString() => $"{User}:{Kind}{(Target > 0 ? " " + Target : "")}";
    }

    static List<Step> Program(Random random, int user, int other, Dictionary<int, (int From, bool Deleted)> known)
    {
        var steps = new List<Step>();
        var own = known.Where(m => m.Value.From == user && !m.Value.Deleted).Select(m => m.Key).ToList();
        var ids = known.Keys.ToList();
        for (var i = 0; i < StepsPerPart; i++)
        {
            var roll = random.Next(10);
            Step step = roll switch
            {
                < 4 => new(user, other, "send", 0),
                < 6 => new(user, other, "read", ids[random.Next(ids.Count)]),
                < 8 => new(user, other, "unread", ids[random.Next(ids.Count)]),
                _ when own.Count > 0 => new(user, other, "delete", Take(random, own)),
                _ => new(user, other, "send", 0),
            };
            steps.Add(step);
        }
        return steps;
    }

    static int Take(Random random, List<int> ids)
    {
        var at = random.Next(ids.Count);
        var id = ids[at];
        ids.RemoveAt(at);
        return id;
    }

    static async Task<List<(Step Step, int SentId)>> RunAsync(Dictionary<int, HttpClient> clients, List<Step> program)
    {
        await Task.Yield();
        var done = new List<(Step, int)>();
        foreach (var step in program)
        {
            var client = clients[step.User];
            var sentId = 0;
            switch (step.Kind)
            {
                case "send":
                    sentId = (int)(await client.SendRestAsync(step.Other, $"from {step.User}"))["id"]!;
                    break;
                case "read":
                    await client.MarkReadAsync(step.Other, step.Target).Expect(HttpStatusCode.NoContent);
                    break;
                case "unread":
                    await client.MarkUnreadAsync(step.Other, step.Target).Expect(HttpStatusCode.NoContent);
                    break;
                case "delete":
                    await client.DeleteMessageAsync(step.Target).Expect(HttpStatusCode.NoContent);
                    break;
            }
            done.Add((step, sentId));
        }
        return done;
    }

    static async Task AssertMatchesAsync(Model model, Dictionary<int, HttpClient> clients, UserDocument ada, UserDocument bob)
    {
        foreach (var (owner, other) in new[] { (ada.Id, bob.Id), (bob.Id, ada.Id) })
        {
            var row = await clients[owner].ChatWithAsync(other);
            var expected = (Unread: model.Unread(owner, other), LastRead: Nullable(model.Pointer.GetValueOrDefault(owner)),
                OtherRead: Nullable(model.Pointer.GetValueOrDefault(other)));
            Assert.Equal(expected, ((int)row["unread_count"]!, (int?)row["last_read_id"], (int?)row["other_last_read_id"]));
            var unread = model.Unread(owner, other);
            Assert.Equal($$"""{"messages":{{unread}},"chats":{{(unread > 0 ? 1 : 0)}}}""",
                (await clients[owner].UnreadBadgeAsync()).ToString(Newtonsoft.Json.Formatting.None));
        }
    }

    static int? Nullable(int pointer) => pointer == 0 ? null : pointer;
}
