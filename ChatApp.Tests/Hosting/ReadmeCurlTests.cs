using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using ChatApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChatApp.Tests.Hosting;

/// <summary>
/// The README's curl examples, run as written against the test server: each <c>curl</c> line becomes the
/// same request, <c>VAR=$(curl … | sed -E 's/…/\1/')</c> keeps the captured text, and a trailing
/// <c># 204</c>-style comment is the status the line must get (no comment: any 2xx).
/// </summary>
public sealed partial class ReadmeCurlTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("### Try it with curl")]
    [InlineData("### Edit, delete, read state, typing and presence")]
    public async Task TheReadmesCurlExamplesGetTheStatusesTheySay(string heading)
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var client = app.CreateClient();
        var variables = new Dictionary<string, string>();
        // Every block after the first starts where "Try it with curl" left off.
        if (heading != "### Try it with curl")
            foreach (var line in Block("### Try it with curl"))
                await RunAsync(client, line, variables);

        var lines = Block(heading);
        foreach (var line in lines)
            await RunAsync(client, line, variables);

        Assert.True(lines.Count >= 5, $"the block under {heading} should hold curl lines");
    }

    async Task RunAsync(HttpClient client, string line, Dictionary<string, string> variables)
    {
        if (Capture().Match(line) is { Success: true } capture)
        {
            var (_, text) = await SendAsync(client, capture.Groups["curl"].Value, variables);
            var match = Regex.Match(text, capture.Groups["sed"].Value);
            Assert.True(match.Success, $"{line}\n→ {text}");
            variables[capture.Groups["var"].Value] = match.Groups[1].Value;
            return;
        }
        var (status, body) = await SendAsync(client, line, variables);
        var expected = Expected().Match(line);
        output.WriteLine($"{status} ← {line}");
        if (expected.Success)
            Assert.True(int.Parse(expected.Groups[1].Value) == status, $"{line}\n→ {status} {body}");
        else
            Assert.True(status is >= 200 and < 300, $"{line}\n→ {status} {body}");
    }

    static async Task<(int Status, string Body)> SendAsync(HttpClient client, string curl, Dictionary<string, string> variables)
    {
        var words = Words(curl, variables);
        Assert.Equal("curl", words[0]);
        var method = HttpMethod.Get;
        string? data = null, url = null;
        var headers = new List<(string, string)>();
        for (var i = 1; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "-s": break;
                case "-X": method = new HttpMethod(words[++i]); break;
                case "-H":
                    var header = words[++i].Split(':', 2);
                    headers.Add((header[0].Trim(), header[1].Trim()));
                    break;
                case "-d":
                    data = words[++i];
                    if (method == HttpMethod.Get)
                        method = HttpMethod.Post;
                    break;
                default:
                    Assert.StartsWith("http://localhost:5000/", words[i]);
                    url = words[i]["http://localhost:5000".Length..];
                    break;
            }
        }
        using var request = new HttpRequestMessage(method, url);
        if (data is not null)
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(data));
        foreach (var (name, value) in headers)
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            else
                request.Headers.TryAddWithoutValidation(name, value);
        var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A shell's words: single and double quotes, <c>$VAR</c> outside single quotes, a <c>#</c> comment ends the line.</summary>
    static List<string> Words(string line, Dictionary<string, string> variables)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\'')
            {
                var end = line.IndexOf('\'', i + 1);
                word.Append(line, i + 1, end - i - 1);
                (i, inWord) = (end, true);
            }
            else if (c == '"')
            {
                for (i++; line[i] != '"'; i++)
                {
                    if (line[i] == '\\')
                        word.Append(line[++i]);
                    else if (line[i] == '$')
                        word.Append(Variable(line, ref i, variables));
                    else
                        word.Append(line[i]);
                }
                inWord = true;
            }
            else if (c == '$')
            {
                word.Append(Variable(line, ref i, variables));
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(word.ToString());
                (word, inWord) = (new StringBuilder(), false);
            }
            else if (c == '#' && !inWord)
                break;
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord)
            words.Add(word.ToString());
        return words;
    }

    static string Variable(string line, ref int at, Dictionary<string, string> variables)
    {
        var name = VariableName().Match(line, at + 1).Value;
        at += name.Length;
        return variables.TryGetValue(name, out var value) ? value : throw new Xunit.Sdk.XunitException($"${name} is not set: {line}");
    }

    /// <summary>The lines of the first <c>```sh</c> block under <paramref name="heading"/>.</summary>
    static List<string> Block(string heading)
    {
        var readme = File.ReadAllText(Path.Combine(Path.GetDirectoryName(Contract.FindReference())!, "..", "README.md"));
        var start = readme.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no heading '{heading}'");
        var open = readme.IndexOf("```sh\n", start, StringComparison.Ordinal) + "```sh\n".Length;
        var close = readme.IndexOf("```", open, StringComparison.Ordinal);
        return [.. readme[open..close].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    [GeneratedRegex("""^(?<var>\w+)=\$\((?<curl>curl .*) \| sed -E 's/(?<sed>.*)/\\1/'\)$""")]
    private static partial Regex Capture();

    [GeneratedRegex(@"#\s*(\d{3})\b[^'""]*$")]
    private static partial Regex Expected();

    [GeneratedRegex(@"\G\w+")]
    private static partial Regex VariableName();
}
