namespace ChatApp.Seeding;

/// <summary>
/// Who talks to whom, and how much: a random set of pairs ranked by a Zipf law, so the first few pairs
/// carry a large share of the messages and most pairs exchange only a handful. Its size depends on the
/// number of users, never on the number of messages.
/// </summary>
public sealed class ConversationPlan
{
    const int PairsPerUser = 10;
    const int MaxPairs = 100_000;
    const double Skew = 1.1;

    /// <summary>Conversations with at least one message, in the order of the message index (lower id first).</summary>
    public IReadOnlyList<(int A, int B, int Count)> Conversations { get; }

    public ConversationPlan(IReadOnlyList<int> userIds, int messageCount, Random random)
    {
        if (userIds.Count < 2)
            throw new ArgumentException("need at least 2 users", nameof(userIds));
        var pairs = ChoosePairs(userIds, random);
        var cumulative = new double[pairs.Length];
        var total = 0.0;
        for (var rank = 0; rank < pairs.Length; rank++)
            cumulative[rank] = total += 1 / Math.Pow(rank + 1, Skew);

        var counts = new int[pairs.Length];
        var assigned = 0L;
        for (var rank = 0; rank < pairs.Length; rank++)
        {
            var weight = cumulative[rank] - (rank == 0 ? 0 : cumulative[rank - 1]);
            assigned += counts[rank] = (int)(messageCount * weight / total);
        }
        // What rounding down left over goes to pairs drawn by the same weights.
        for (; assigned < messageCount; assigned++)
        {
            var rank = Array.BinarySearch(cumulative, random.NextDouble() * total);
            counts[rank < 0 ? Math.Min(~rank, pairs.Length - 1) : rank]++;
        }

        Conversations = pairs.Zip(counts, (p, c) => (p.A, p.B, c))
            .Where(c => c.c > 0)
            .OrderBy(c => c.A).ThenBy(c => c.B)
            .ToList();
    }

    static (int A, int B)[] ChoosePairs(IReadOnlyList<int> ids, Random random)
    {
        var n = (long)ids.Count;
        var all = n * (n - 1) / 2;
        var wanted = (int)Math.Min(all, Math.Min(n * PairsPerUser, MaxPairs));
        if (wanted == all)
        {
            var every = new (int, int)[wanted];
            var k = 0;
            for (var i = 0; i < ids.Count; i++)
                for (var j = i + 1; j < ids.Count; j++)
                    every[k++] = (ids[i], ids[j]);
            random.Shuffle(every);
            return every;
        }
        var chosen = new HashSet<(int, int)>(wanted);
        var pairs = new List<(int, int)>(wanted);
        while (pairs.Count < wanted)
        {
            var i = random.Next(ids.Count);
            var j = random.Next(ids.Count);
            if (i == j)
                continue;
            var pair = i < j ? (ids[i], ids[j]) : (ids[j], ids[i]);
            if (chosen.Add(pair))
                pairs.Add(pair);
        }
        return pairs.ToArray();
    }
}
