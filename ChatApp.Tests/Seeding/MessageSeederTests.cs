using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Contracts;
using ChatApp.Seeding;
using ChatApp.Tests.Infrastructure;
using Bogus;

namespace ChatApp.Tests.Seeding;

public sealed class MessageSeederTests
{
    [Fact]
    public void AFewPairsTalkALotAndMostRarely()
    {
        using var seed = new SeedRun();
        seed.Run("users", "--count", "30", "--seed", "1");

        var (code, output, _) = seed.Run("messages", "--count", "3000", "--seed", "2");

        Assert.Equal(SeedCommand.Ok, code);
        Assert.Matches(@"created 3,000 messages in \d+\.\d s \([\d,]+/s\)", output);
        using var db = ChatDatabase.Open(seed.DatabasePath);
        var perPair = db.Messages.FindAll().GroupBy(m => Keys.Conversation(m.From, m.To))
            .Select(g => g.Count()).OrderDescending().ToList();
        Assert.Equal(3000, perPair.Sum());
        Assert.True(perPair.Take(3).Sum() > 600, $"top 3 pairs: {string.Join(", ", perPair.Take(3))}");
        Assert.True(perPair[perPair.Count / 2] <= 5, $"median pair: {perPair[perPair.Count / 2]}");
        Assert.True(perPair.Count > 60, $"pairs: {perPair.Count}");
    }

    [Fact]
    public void MessagesAreSpreadOverThePast30DaysAndNeverBeforeEitherUserSignedUp()
    {
        using var seed = new SeedRun();
        seed.Run("users", "--count", "5", "--seed", "3");
        var now = ChatAppFactory.Start.ToUnixTimeMilliseconds();
        var day = 86_400_000L;
        using (var db = ChatDatabase.Open(seed.DatabasePath))
            db.AddUser("newcomer", now - 2 * day);

        seed.Run("messages", "--count", "4000", "--seed", "4");

        using var check = ChatDatabase.Open(seed.DatabasePath);
        var users = check.Users.FindAll().ToDictionary(u => u.Id);
        var messages = check.Messages.FindAll().ToList();
        Assert.All(messages, m => Assert.InRange(m.CreatedAt, now - 30 * day, now));
        Assert.All(messages, m => Assert.True(m.CreatedAt >= Math.Max(users[m.From].CreatedAt, users[m.To].CreatedAt)));
        Assert.Contains(messages, m => m.CreatedAt < now - 25 * day);
        Assert.Contains(messages, m => m.CreatedAt > now - day);
    }

    [Fact]
    public void BodiesAreValidVariedAndSometimesHaveEmoji()
    {
        var bodies = new MessageBodies(new Faker("en") { Random = new Randomizer(5) });
        var random = new Random(6);

        var drawn = Enumerable.Range(0, 5_000).Select(_ => bodies.Pick(random)).ToList();

        Assert.All(drawn, b => Assert.Null(Validation.BodyError(b)));
        Assert.True(drawn.Distinct().Count() > 1_000, "varied");
        Assert.Contains(drawn, b => b.Length <= 10);
        Assert.Contains(drawn, b => b.Length >= 60);
        Assert.Contains(drawn, b => b.EnumerateRunes().Any(r => r.Value >= 0x1F300));
    }
}
