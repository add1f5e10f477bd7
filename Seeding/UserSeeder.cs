using Bogus;
using ChatApp.Data;
using ChatApp.Data.Stores;

namespace ChatApp.Seeding;

/// <summary>Fake users, stored like <c>POST /user</c> stores them, all with one documented password.</summary>
public static class UserSeeder
{
    /// <summary>Documented in the README; benchmarks log in with it.</summary>
    public const string Password = "seeded-password";

    const int BatchSize = 5_000;
    const int MaxAttemptsPerUser = 1_000;
    static readonly TimeSpan JoinedFrom = TimeSpan.FromDays(365);
    static readonly TimeSpan JoinedUntil = TimeSpan.FromDays(30);

    /// <summary>
    /// Creates <paramref name="count"/> users with unique names (ignoring case, also against users already
    /// stored). Sign-up dates rise with the ids, from a year ago to 30 days ago, before any seeded message.
    /// </summary>
    /// <param name="passwordHash">The password hashed once: BCrypt per user would take minutes for 1,000 users.</param>
    /// <param name="created">Called with each username once its batch is committed, in id order.</param>
    public static void Seed(ChatDatabase db, int count, int seed, string passwordHash, TimeProvider clock,
        Progress progress, Action<string> created)
    {
        progress.Start(db.Path);
        var faker = new Faker("en") { Random = new Randomizer(seed) };
        var names = new Usernames(faker);
        var now = clock.GetUtcNow();
        var from = (now - JoinedFrom).ToUnixTimeMilliseconds();
        var span = (now - JoinedUntil).ToUnixTimeMilliseconds() - from;
        var users = new UserStore(db, clock);

        for (var done = 0; done < count;)
        {
            var batchEnd = Math.Min(count, done + BatchSize);
            // Read lazily, so each user's date and name are drawn in turn: the same seed gives the same users.
            var createdAt = Enumerable.Range(done, batchEnd - done)
                .Select(i => from + (long)(span * ((i + faker.Random.Double()) / count)));
            var stored = users.CreateManyAsync(createdAt, names.Next, passwordHash, MaxAttemptsPerUser).GetAwaiter().GetResult();
            done = batchEnd;
            stored.ForEach(user => created(user.Username));
            progress.Report(done);
        }
    }
}
