using Bogus;
using ChatApp.Data;
using ChatApp.Data.Stores;

namespace ChatApp.Seeding;

/// <summary>
/// Fake messages between existing users, streamed to the database in batches: one transaction and one
/// fsync of the log per batch, so memory stays flat whatever the count.
/// </summary>
public static class MessageSeeder
{
    public const int DefaultBatchSize = 10_000;
    public const string TooFewUsers = "need at least 2 users: run 'seed users' first";

    static readonly long Window = (long)TimeSpan.FromDays(30).TotalMilliseconds;

    /// <summary>
    /// Creates <paramref name="count"/> messages dated over the 30 days before the clock's now (never before
    /// either user signed up). Returns false, having written nothing, when there are fewer than two users.
    /// </summary>
    /// <remarks>
    /// Messages are written conversation by conversation, each in time order, so that every insert lands
    /// next to the previous one in the history index (conversation + time + id). Written in global time
    /// order instead, each insert touches a random index page and 1,000,000 messages take minutes, not
    /// seconds. Ids therefore rise within a conversation, not across conversations.
    /// </remarks>
    public static bool Seed(ChatDatabase db, int count, int seed, TimeProvider clock, Progress progress,
        int batchSize = DefaultBatchSize)
    {
        var users = new UserStore(db, clock).All().ToDictionary(u => u.Id);
        var store = new MessageStore(db, clock);
        if (users.Count < 2)
            return false;
        progress.Start(db.Path);

        var random = new Random(seed);
        var bodies = new MessageBodies(new Faker("en") { Random = new Randomizer(random.Next()) });
        var plan = new ConversationPlan(users.Keys.Order().ToList(), count, random);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var batch = new List<NewMessage>(Math.Min(batchSize, count));
        var done = 0;

        foreach (var (a, b, messages) in plan.Conversations)
        {
            var start = Math.Min(now, Math.Max(now - Window, Math.Max(users[a].CreatedAt, users[b].CreatedAt)));
            for (var i = 0; i < messages; i++)
            {
                var sendsFirst = random.Next(2) == 0;
                batch.Add(new NewMessage(
                    From: sendsFirst ? a : b,
                    To: sendsFirst ? b : a,
                    // Spread over the conversation's window, rising with the id, jittered within each slot.
                    CreatedAt: start + (long)((now - start) * ((i + random.NextDouble()) / messages)),
                    Body: bodies.Pick(random)));
                if (batch.Count == batchSize)
                    Flush(store, batch, users, progress, done += batch.Count);
            }
        }
        if (batch.Count > 0)
            Flush(store, batch, users, progress, done += batch.Count);
        return true;
    }

    static void Flush(MessageStore store, List<NewMessage> batch, Dictionary<int, UserDocument> users,
        Progress progress, int done)
    {
        store.AddManyAsync(batch, id => users[id]).GetAwaiter().GetResult();
        batch.Clear();
        progress.Report(done);
    }
}
