namespace ChatApp.Seeding;

public enum SeedTarget { Users, Messages }

/// <summary>What <c>seed users|messages [--count N] [--seed S] [--db PATH]</c> asked for (parsed in Commands/).</summary>
public sealed record SeedArguments(SeedTarget Target, int Count, int? Seed, string? DatabasePath)
{
    public const int MaxCount = 100_000_000;
}
