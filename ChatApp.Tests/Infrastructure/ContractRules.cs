using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ChatApp.Tests.Infrastructure;

/// <summary>
/// The input rules as README and docs/API.md word them, decided with other tools than the server's
/// Contracts/Validation.cs, so that a property test using them checks the code and does not repeat it.
/// </summary>
public static partial class ContractRules
{
    const string UsernameCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";

    // Strict encoders throw where the default ones would substitute U+FFFD.
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    static readonly UTF32Encoding StrictUtf32 = new(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true);

    [GeneratedRegex(@"\A\s+|\s+\z")]
    private static partial Regex SurroundingWhiteSpace();

    /// <summary>
    /// A message body: 1–4000 characters (code points: an emoji is one) after trimming surrounding
    /// white space; no control characters other than tab, CR and LF; no broken UTF-16.
    /// </summary>
    public static bool AllowsBody(string body) =>
        IsWellFormed(body)
        && !body.Any(c => char.GetUnicodeCategory(c) == UnicodeCategory.Control && c is not ('\t' or '\n' or '\r'))
        && CodePoints(SurroundingWhiteSpace().Replace(body, "")) is >= 1 and <= 4000;

    /// <summary>Text that UTF-8 can carry: a strict encoder refuses lone surrogates.</summary>
    public static bool IsWellFormed(string text)
    {
        try
        {
            StrictUtf8.GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>What a client's UTF-8 serializer sends for this text: each lone surrogate becomes U+FFFD.</summary>
    public static string AsSentOverUtf8(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));

    /// <summary>A username: 3–32 characters, each one of <c>A-Z a-z 0-9 _ . -</c>; <c>echo</c> (a hub event) in any case is refused.</summary>
    public static bool AllowsUsername(string name) =>
        name.Length is >= 3 and <= 32
        && name.All(c => UsernameCharacters.Contains(c, StringComparison.Ordinal))
        && !string.Equals(name, "echo", StringComparison.OrdinalIgnoreCase);

    // Every code point is four bytes of UTF-32; call only on well-formed text.
    static int CodePoints(string wellFormed) => StrictUtf32.GetByteCount(wellFormed) / 4;
}
