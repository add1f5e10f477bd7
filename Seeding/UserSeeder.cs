using Bogus;
using ChatApp.Data;

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
        var batch = new List<string>(Math.Min(count, BatchSize));

        for (var done = 0; done < count;)
        {
            var batchEnd = Math.Min(count, done + BatchSize);
            db.Lite.BeginTrans();
            try
            {
                for (; done < batchEnd; done++)
                {
                    var createdAt = from + (long)(span * ((done + faker.Random.Double()) / count));
                    batch.Add(Insert(db, names, passwordHash, createdAt).Username);
                }
                db.Lite.Commit();
            }
            catch
            {
                db.Rollback();
                throw;
            }
            db.FlushCommitted();
            batch.ForEach(created);
            batch.Clear();
            progress.Report(done);
        }
    }

    static UserDocument Insert(ChatDatabase db, Usernames names, string passwordHash, long createdAt)
    {
        for (var attempt = 0; attempt < MaxAttemptsPerUser; attempt++)
            if (UserStore.Insert(db, names.Next(attempt), passwordHash, createdAt) is { } user)
                return user;
        throw new InvalidOperationException($"found no free username in {MaxAttemptsPerUser} attempts");
    }
}
