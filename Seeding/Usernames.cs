using ChatApp.Contracts;
using System.Text;
using Bogus;

namespace ChatApp.Seeding;

/// <summary>Bogus user names folded to the contract's rule: 3–32 characters of <c>A-Z a-z 0-9 _ . -</c>.</summary>
public sealed class Usernames(Faker faker)
{
    const int MinLength = 3;
    const int MaxLength = 32;

    /// <summary>A fresh candidate; <paramref name="attempt"/> &gt; 0 adds digits, for a name already taken.</summary>
    public string Next(int attempt)
    {
        var name = Fold(faker.Internet.UserName(faker.Name.FirstName(), faker.Name.LastName()));
        if (attempt == 0 && !EventNames.IsReserved(name))
            return name;
        var suffix = faker.Random.Number(10, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return name[..Math.Min(name.Length, MaxLength - suffix.Length)] + suffix;
    }

    public static string Fold(string raw)
    {
        var name = new StringBuilder(MaxLength);
        foreach (var c in raw)
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.' or '-')
                name.Append(c);
        while (name.Length < MinLength)
            name.Append('0');
        return name.ToString(0, Math.Min(name.Length, MaxLength));
    }
}
