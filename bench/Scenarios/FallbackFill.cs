using ChatApp.Bench.Floors;
using ChatApp.Bench.Infrastructure;
using LiteDB;

namespace ChatApp.Bench.Scenarios;

/// <summary>
/// FALLBACK for builds without the seed command, for local development of the bench only: users are
/// signed up through the API (password "seeded-password"), then messages with a skewed pair
/// distribution are written straight into the stopped server's file in ChatApp's document shape.
/// </summary>
public static class FallbackFill
{
    public static async Task FillAsync(string dbPath, int userCount, int messageCount)
    {
        var users = new List<(int Id, string Name)>();
        await using (var server = await ChildServer.StartChatAppAsync(dbPath))
        {
            using var api = new ApiClient(server.BaseAddress);
            var created = new (int, string)[userCount];
            await Parallel.ForAsync(0, userCount, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            {
                var name = $"seeded{i:d5}";
                created[i] = (await api.CreateUserAsync(name, StoreSeeder.SeededPassword), name);
            });
            users.AddRange(created);
        }

        var mapper = new BsonMapper { TrimWhitespace = false, EmptyStringToNull = false };
        using var db = new LiteDatabase(new ConnectionString { Filename = dbPath, Connection = ConnectionType.Direct }, mapper);
        var messages = db.GetCollection<FloorMessageDocument>("messages");
        var chats = db.GetCollection<FloorChatDocument>("chats");
        var random = new Random(1);
        // Pair k (in a shuffled order) is picked with weight 1/(k+1): a few busy pairs, a long quiet tail.
        var pairs = (from a in users from b in users where a.Id < b.Id select (a, b)).OrderBy(_ => random.Next()).ToArray();
        var cumulative = new double[pairs.Length];
        for (var k = 0; k < pairs.Length; k++)
            cumulative[k] = (k == 0 ? 0 : cumulative[k - 1]) + 1.0 / (k + 1);
        var start = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds();
        var span = (long)TimeSpan.FromDays(30).TotalMilliseconds;
        var latest = new Dictionary<string, FloorChatDocument>();
        const int Batch = 50_000;
        for (var done = 0; done < messageCount; done += Batch)
        {
            var batch = new List<FloorMessageDocument>(Batch);
            for (var i = done; i < Math.Min(messageCount, done + Batch); i++)
            {
                var pick = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
                var (a, b) = pairs[Math.Min(pick < 0 ? ~pick : pick, pairs.Length - 1)];
                var (from, to) = random.Next(2) == 0 ? (a, b) : (b, a);
                var message = new FloorMessageDocument
                {
                    Id = i + 1, From = from.Id, To = to.Id, CreatedAt = start + random.NextInt64(span), Body = $"seeded message {i}",
                };
                message.Key = FloorKeys.Message(from.Id, to.Id, message.CreatedAt, message.Id);
                batch.Add(message);
                Summarise(latest, from, to, message);
                Summarise(latest, to, from, message);
            }
            messages.InsertBulk(batch);
        }
        chats.InsertBulk(latest.Values);
        db.Checkpoint();
    }

    static void Summarise(Dictionary<string, FloorChatDocument> latest, (int Id, string Name) owner, (int Id, string Name) other,
        FloorMessageDocument message)
    {
        var id = FloorKeys.ChatId(owner.Id, other.Id);
        if (latest.TryGetValue(id, out var current)
            && (current.Last.CreatedAt > message.CreatedAt || (current.Last.CreatedAt == message.CreatedAt && current.Last.Id > message.Id)))
            return;
        latest[id] = new FloorChatDocument
        {
            Id = id, Owner = owner.Id, OtherId = other.Id, OtherUsername = other.Name, Last = message,
            Key = FloorKeys.ChatOrder(owner.Id, message.CreatedAt, message.Id),
        };
    }
}
