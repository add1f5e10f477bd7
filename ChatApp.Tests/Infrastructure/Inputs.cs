using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace ChatApp.Tests.Infrastructure;

public sealed record ValidBody(string Value)
{
    public override string ToString() => Inputs.Show(Value);
}

public sealed record InvalidBody(string Value)
{
    public override string ToString() => Inputs.Show(Value);
}

public sealed record AnyUsername(string Value)
{
    public override string ToString() => Inputs.Show(Value);
}

/// <summary>FsCheck generators for the wire's free text: message bodies and usernames, valid and not.</summary>
public static class Inputs
{
    // Letters of several scripts, combining marks, astral emoji, a ZWJ sequence, RTL text and the white space a body may hold.
    static readonly string[] Pieces =
    [
        "a", "Z", "0", "~", "\"", "\\", "/", "<", "&", "'", "{", "}", "$", "%", " ", "\t", "\n", "\r\n",
        "é", "ß", "ø", "Ω", "ж", "中", "文", "日本", "한", "ع", "ש", "\u0301", "\u200d", "\u00a0", "\u2028",
        "😀", "👩‍👩‍👧", "🇫🇷", "𝄞", "\ufeff", "\ufffd", "\U0010FFFD",
    ];

    static readonly char[] Controls = [.. Enumerable.Range(0, 32).Where(c => c is not ('\t' or '\n' or '\r')).Select(c => (char)c), '\u007f', '\u0085', '\u009f'];

    static Gen<string> Text(int minPieces, int maxPieces) =>
        from count in Gen.Choose(minPieces, maxPieces)
        from pieces in Gen.ArrayOf(Gen.Elements(Pieces), count)
        select string.Concat(pieces);

    static Gen<string> Visible => Gen.Elements("x", "é", "中", "😀", "'", "$");

    public static Arbitrary<ValidBody> ValidBody() =>
        Gen.Frequency(
                (9, from text in Text(0, 60) from visible in Visible from at in Gen.Choose(0, text.Length) select Insert(text, at, visible)),
                (1, Gen.Constant(string.Concat(Enumerable.Repeat("😀", 4000)))),
                (1, Gen.Constant("  " + new string('m', 4000) + " \n")))
            // Inserting at any UTF-16 index can split a surrogate pair; those bodies are not valid.
            .Where(ContractRules.IsWellFormed)
            .Select(b => new ValidBody(b))
            .ToArbitrary();

    public static Arbitrary<InvalidBody> InvalidBody() =>
        Gen.OneOf(
                Gen.Elements("", " ", "\t\n", "\r\n \u00a0", "\u2028"),
                from text in Text(0, 20) from control in Gen.Elements(Controls) from at in Gen.Choose(0, text.Length)
                select Insert(text, at, control.ToString()) + "x",
                from text in Text(0, 20) from lone in Gen.Elements('\ud800', '\udbff', '\udc00', '\udfff') select text + lone + "x",
                from extra in Gen.Choose(1, 50) select new string('n', 4000 + extra))
            .Select(b => new InvalidBody(b))
            .ToArbitrary();

    public static Arbitrary<AnyUsername> AnyUsername() =>
        Gen.OneOf(
                from length in Gen.Choose(3, 32)
                from chars in Gen.ArrayOf(Gen.Elements("abcxyzABCXYZ0189_.-".ToCharArray()), length)
                select new string(chars),
                from chars in Gen.ArrayOf(Gen.Elements("abAB09_.-/ %$'\"\\\0\t\u00e9\u0430\uff41\u200b😀{}".ToCharArray()))
                select new string(chars),
                ArbMap.Default.GeneratorFor<string>().Where(s => s is not null),
                Gen.Elements("echo", "ECHO", "Echo"))
            .Select(n => new AnyUsername(n))
            .ToArbitrary();

    static string Insert(string text, int at, string piece) => text[..at] + piece + text[at..];

    /// <summary>A JSON string with every non-ASCII character escaped, lone surrogates too (a serializer would replace them).</summary>
    public static string Json(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
            json.Append(c is < ' ' or > '~' or '"' or '\\' ? $"\\u{(int)c:x4}" : c.ToString());
        return json.Append('"').ToString();
    }

    public static string Show(string text) => text.Length > 80 ? $"{Json(text[..80])}… ({text.Length} chars)" : Json(text);
}
