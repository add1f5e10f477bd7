using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ChatApp.Tests.Infrastructure;

/// <summary>
/// JSON exactly as it came over the wire: dates stay strings, so REST bodies and hub arguments can
/// be compared to each other and their time format checked.
/// </summary>
public static class WireJson
{
    public static JToken Parse(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
        return JToken.ReadFrom(reader);
    }

    /// <summary>Same JSON, same field order; a failure shows both texts.</summary>
    public static void AssertSame(JToken expected, JToken actual) =>
        Assert.Equal(expected.ToString(Formatting.None), actual.ToString(Formatting.None));

    public static async Task<JToken> ReadWireJsonAsync(this HttpResponseMessage response) =>
        Parse(await response.Content.ReadAsStringAsync());

    /// <summary>POST /message/{to} through REST, expecting 201; the stored Message as sent back.</summary>
    public static async Task<JToken> SendRestAsync(this HttpClient client, int to, string body)
    {
        var response = await client.PostAsync($"/message/{to}", System.Net.Http.Json.JsonContent.Create(new { body }));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.ReadWireJsonAsync();
    }
}
