using System.Globalization;
using Bogus;
using ChatApp.Contracts;

namespace ChatApp.Seeding;

/// <summary>
/// A fixed pool of chat-like bodies (short replies, questions and plans built from Bogus data, product
/// rants, the odd emoji), built once per run: drawing from it costs nothing per message, and its size
/// does not grow with the number of messages.
/// </summary>
public sealed class MessageBodies
{
    const int PoolSize = 4_096;

    static readonly string[] Replies =
    [
        "ok", "ok!", "sure", "yes", "yep", "nope", "no worries", "thanks!", "thank you so much", "lol", "haha",
        "hahaha yes", "same", "omg", "really?", "wait what", "on my way", "running late, sorry", "brb",
        "sounds good", "sounds good to me", "perfect", "good night", "morning!", "see you soon", "see you then",
        "can't wait!", "let me check", "I'll call you later", "np", "k", "done", "agreed", "not sure yet",
        "good idea", "miss you", "congrats!!", "call me when you can", "👍", "😂", "❤️", "🙏", "🎉",
    ];

    static readonly string[] Emoji = ["😊", "😂", "👍", "🙌", "🎉", "❤️", "😅", "🤔", "🔥", "☕", "🍕", "😴", "🙏", "👀"];

    readonly string[] _pool;

    public MessageBodies(Faker faker)
    {
        _pool = new string[PoolSize];
        for (var i = 0; i < PoolSize; i++)
        {
            string body;
            do body = Compose(faker);
            while (Validation.BodyError(body) is not null);
            _pool[i] = body;
        }
    }

    public string Pick(Random random) => _pool[random.Next(_pool.Length)];

    static string Compose(Faker f)
    {
        var body = f.Random.Number(9) switch
        {
            0 or 1 or 2 => f.PickRandom(Replies),
            3 => Plan(f),
            4 => Question(f),
            5 => f.Hacker.Phrase(),
            6 => FirstSentence(f.Rant.Review(f.Commerce.ProductName())),
            7 => $"{FirstSentence(f.Rant.Review(f.Commerce.ProductName()))} {f.PickRandom(Replies)}",
            8 => $"did you see what {f.Company.CompanyName()} did? {f.Company.CatchPhrase()}, apparently",
            _ => $"{f.PickRandom(Replies)} {Plan(f)}",
        };
        return f.Random.Bool(0.12f) ? $"{body} {f.PickRandom(Emoji)}" : body;
    }

    static string Plan(Faker f) => f.Random.Number(3) switch
    {
        0 => $"are you free on {f.Date.Weekday()}?",
        1 => $"meet at {f.Address.StreetName()} at {f.Random.Number(7, 21)}:{f.PickRandom("00", "15", "30", "45")}?",
        2 => $"I'm in {f.Address.City()} until {f.Date.Weekday()}",
        _ => $"running {f.Random.Number(5, 40).ToString(CultureInfo.InvariantCulture)} minutes late, sorry",
    };

    static string Question(Faker f) => f.Random.Number(3) switch
    {
        0 => $"have you tried the new {f.Commerce.ProductName()}?",
        1 => $"can you send me the {f.Hacker.Noun()} notes?",
        2 => $"how was {f.Address.City()}?",
        _ => $"happy birthday {f.Name.FirstName()}! 🎂",
    };

    static string FirstSentence(string text)
    {
        var end = text.IndexOfAny(['.', '!', '?']);
        return end < 0 ? text : text[..(end + 1)];
    }
}
