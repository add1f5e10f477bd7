using System.Text;

namespace ChatApp.Tests.Infrastructure;

/// <summary>
/// An RFC 8288 <c>Link</c> header read by the grammar, not by the server's way of writing it:
/// <c>link-value = "&lt;" URI-Reference "&gt;" *( OWS ";" OWS link-param )</c>, values separated by commas,
/// a parameter value a token or a quoted-string (with backslash escapes), parameter names case-insensitive,
/// and <c>rel</c> a space-separated list of relation types, of which only the first occurrence counts.
/// </summary>
public static class LinkHeader
{
    public sealed record Link(string Target, IReadOnlyList<string> Relations, IReadOnlyDictionary<string, string> Parameters);

    /// <summary>Every link of every <c>Link</c> field of the response; a malformed header fails the test.</summary>
    public static IReadOnlyList<Link> Of(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var fields) ? [.. fields.SelectMany(Parse)] : [];

    /// <summary>The target of the one link with relation <paramref name="rel"/>, or null; two such links fail the test.</summary>
    public static string? Target(this IReadOnlyList<Link> links, string rel) =>
        links.Where(l => l.Relations.Contains(rel, StringComparer.OrdinalIgnoreCase)).Select(l => l.Target).SingleOrDefault();

    public static IReadOnlyList<Link> Parse(string field)
    {
        var links = new List<Link>();
        var i = 0;
        SkipWhiteSpace(field, ref i);
        while (i < field.Length)
        {
            Expect(field, ref i, '<');
            var end = field.IndexOf('>', i);
            if (end < 0)
                throw new FormatException($"unterminated URI reference in Link header: {field}");
            var target = field[i..end];
            i = end + 1;
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            SkipWhiteSpace(field, ref i);
            while (i < field.Length && field[i] == ';')
            {
                i++;
                SkipWhiteSpace(field, ref i);
                var name = Token(field, ref i).ToLowerInvariant();
                SkipWhiteSpace(field, ref i);
                var value = "";
                if (i < field.Length && field[i] == '=')
                {
                    i++;
                    SkipWhiteSpace(field, ref i);
                    value = i < field.Length && field[i] == '"' ? QuotedString(field, ref i) : Token(field, ref i);
                }
                // RFC 8288 3.3: occurrences after the first of rel are ignored.
                parameters.TryAdd(name, value);
                SkipWhiteSpace(field, ref i);
            }
            var relations = parameters.TryGetValue("rel", out var rel)
                ? rel.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                : [];
            links.Add(new Link(target, relations, parameters));
            if (i < field.Length)
            {
                Expect(field, ref i, ',');
                SkipWhiteSpace(field, ref i);
            }
        }
        return links;
    }

    static void SkipWhiteSpace(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t')
            i++;
    }

    static void Expect(string s, ref int i, char c)
    {
        if (i >= s.Length || s[i] != c)
            throw new FormatException($"expected '{c}' at {i} in Link header: {s}");
        i++;
    }

    // RFC 9110 tchar.
    static string Token(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || "!#$%&'*+-.^_`|~".Contains(s[i])))
            i++;
        if (i == start)
            throw new FormatException($"expected a token at {start} in Link header: {s}");
        return s[start..i];
    }

    static string QuotedString(string s, ref int i)
    {
        Expect(s, ref i, '"');
        var value = new StringBuilder();
        while (i < s.Length && s[i] != '"')
        {
            if (s[i] == '\\' && i + 1 < s.Length)
                i++;
            value.Append(s[i++]);
        }
        Expect(s, ref i, '"');
        return value.ToString();
    }
}
