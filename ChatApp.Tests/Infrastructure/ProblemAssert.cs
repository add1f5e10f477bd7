using System.Net;
using Newtonsoft.Json.Linq;

namespace ChatApp.Tests.Infrastructure;

public static class ProblemAssert
{
    /// <summary>Asserts the contract's error shape and returns the body for further checks.</summary>
    public static async Task<JObject> IsProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (JObject)TestApi.ParseWire(text);
        Assert.Equal((int)status, problem.Value<int>("status"));
        Assert.False(string.IsNullOrWhiteSpace(problem.Value<string>("title")));
        Assert.False(string.IsNullOrWhiteSpace(problem.Value<string>("detail")));
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain("   at ", text);
        return problem;
    }

    /// <summary>The wire JSON with the per-request trace id removed, ready to snapshot.</summary>
    public static JObject WithoutTraceId(this JObject problem)
    {
        problem.Remove("trace_id");
        return problem;
    }
}
