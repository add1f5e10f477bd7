using System.Net;
using System.Net.Http.Json;
using ChatApp.Tests.Infrastructure;
using Newtonsoft.Json.Linq;

namespace ChatApp.Tests.Hosting;

public sealed class ApiDocsTests
{
    // The error statuses the contract gives each route: 401 for a token route, 400/413/415 for a JSON
    // body, 404 for an unknown user or a message that is not the caller's, 403 for the other participant's
    // message, 409 for a taken name or a deleted message, 400 for bad paging.
    static readonly Dictionary<string, int[]> Errors = new()
    {
        ["GET /"] = [],
        ["POST /user"] = [400, 409, 413, 415],
        ["GET /user"] = [401],
        ["POST /login"] = [400, 401, 413, 415],
        ["GET /login"] = [401],
        ["GET /logout"] = [401],
        ["GET /message/{id}"] = [400, 401, 404],
        ["POST /message/{id}"] = [400, 401, 404, 409, 413, 415],
        ["GET /chats"] = [401],
        ["POST /add_message/{username}"] = [400, 401, 404, 409, 413, 415],
        ["GET /sync"] = [400, 401],
        ["GET /messages/{message_id}"] = [401, 404],
        ["PATCH /messages/{message_id}"] = [400, 401, 403, 404, 409, 413, 415],
        ["DELETE /messages/{message_id}"] = [401, 403, 404],
        ["POST /chats/{user_id}/read"] = [400, 401, 404, 413, 415],
        ["POST /chats/{user_id}/unread"] = [400, 401, 404, 413, 415],
        ["GET /chats/unread"] = [401],
        ["GET /user/settings"] = [401],
        ["PATCH /user/settings"] = [400, 401, 413, 415],
        ["GET /users"] = [400, 401],
        ["GET /users/{id}"] = [401, 404],
        ["GET /blocks"] = [401],
        ["PUT /blocks/{user_id}"] = [400, 401, 404],
        ["DELETE /blocks/{user_id}"] = [400, 401, 404],
        ["DELETE /chats/{user_id}"] = [401, 404],
        ["POST /user/password"] = [400, 401, 403, 413, 415],
        ["GET /sessions"] = [401],
        ["DELETE /sessions/{id}"] = [401, 404],
        ["DELETE /user"] = [400, 401, 403, 413, 415],
        ["GET /user/export"] = [401],
    };

    // A second success: the 200 of an idempotent retry beside the 201 of a new message.
    static readonly Dictionary<string, int> AlsoSucceeds = new()
    {
        ["POST /message/{id}"] = 200,
        ["POST /add_message/{username}"] = 200,
    };

    static readonly int[] ContractStatuses = [400, 401, 403, 404, 405, 409, 413, 415, 429];

    [Fact]
    public async Task DocumentListsEveryContractRouteWithItsSuccessAndErrorStatuses()
    {
        await using var app = new ChatAppFactory();
        var document = await DocumentAsync(app);

        var routes = Contract.Routes();
        Assert.Equal(Errors.Keys.Order(), routes.Select(r => $"{r.Method} {r.Path}").Order());
        foreach (var route in routes)
        {
            var operation = Operation(document, route.Method, route.Path);
            var statuses = ((JObject)operation["responses"]!).Properties().Select(p => int.Parse(p.Name));
            // At least the contract's statuses (a branch may add more, e.g. 429), and only statuses it names.
            var key = $"{route.Method} {route.Path}";
            var successes = AlsoSucceeds.TryGetValue(key, out var other) ? new[] { route.Success, other } : [route.Success];
            Assert.Subset(statuses.ToHashSet(), Errors[key].Concat(successes).ToHashSet());
            Assert.Subset(ContractStatuses.Concat(successes).ToHashSet(), statuses.ToHashSet());
            foreach (var error in Errors[$"{route.Method} {route.Path}"])
                Assert.NotNull(operation["responses"]![error.ToString()]!["content"]!["application/problem+json"]);
        }
    }

    [Fact]
    public async Task RoutesThatNeedATokenCarryTheBearerSchemeAndOthersDoNot()
    {
        await using var app = new ChatAppFactory();
        var document = await DocumentAsync(app);

        var scheme = document["components"]!["securitySchemes"]!["Bearer"]!;
        Assert.Equal("http", (string?)scheme["type"]);
        Assert.Equal("bearer", (string?)scheme["scheme"]);
        foreach (var route in Contract.Routes())
        {
            var security = Operation(document, route.Method, route.Path)["security"];
            if (route.NeedsToken)
                Assert.True(JToken.DeepEquals(JToken.Parse("""[{ "Bearer": [] }]"""), security), $"{route.Path}: {security}");
            else
                Assert.Null(security);
        }
    }

    [Fact]
    public async Task SchemaFieldNamesMatchTheRealResponses()
    {
        await using var app = new ChatAppFactory();
        var document = await DocumentAsync(app);
        var anonymous = app.CreateClient();
        var signUp = await anonymous.PostAsJsonAsync("/user", new { username = "ada", password = TestApi.Password });
        var login = await anonymous.PostAsJsonAsync("/login", new { username = "ada", password = TestApi.Password });
        var bob = await app.CreateUserAsync("bob");
        var ada = app.ClientWithToken((string)(await login.ReadJsonAsync())["access_token"]!);

        var sent = await ada.PostAsJsonAsync($"/message/{bob.Id}", new { body = "hi" });
        var sentByName = await ada.PostAsJsonAsync("/add_message/bob", new { body = "there" });
        var answers = new (string Method, string Path, HttpResponseMessage Response)[]
        {
            ("GET", "/", await anonymous.GetAsync("/")),
            ("POST", "/user", signUp),
            ("POST", "/user", await anonymous.PostAsJsonAsync("/user", new { username = "ADA", password = TestApi.Password })),
            ("POST", "/user", await anonymous.PostAsJsonAsync("/user", new { username = "x" })),
            ("POST", "/login", login),
            ("POST", "/login", await anonymous.PostAsJsonAsync("/login", new { username = "ada", password = "wrong password" })),
            ("GET", "/user", await ada.GetAsync("/user")),
            ("GET", "/user", await anonymous.GetAsync("/user")),
            ("POST", "/message/{id}", sent),
            ("POST", "/add_message/{username}", sentByName),
            ("POST", "/add_message/{username}", await ada.PostAsJsonAsync("/add_message/nobody", new { body = "?" })),
            ("GET", "/message/{id}", await ada.GetAsync($"/message/{bob.Id}")),
            ("GET", "/chats", await ada.GetAsync("/chats")),
            ("GET", "/logout", await ada.GetAsync("/logout")),
        };

        foreach (var (method, path, response) in answers)
        {
            var status = ((int)response.StatusCode).ToString();
            var content = Operation(document, method, path)["responses"]![status]?["content"];
            Assert.True(content is not null, $"{method} {path} answered {status}, which the document does not list");
            var schema = ((JProperty)content.First!).Value["schema"]!;
            AssertFieldsMatch(document, schema, await response.ReadJsonAsync(), $"{method} {path} {status}");
        }
    }

    [Theory]
    [InlineData("/user", "username,password", "invite_code")]
    [InlineData("/login", "username,password", "")]
    [InlineData("/message/{id}", "body", "client_id")]
    [InlineData("/add_message/{username}", "body", "client_id")]
    public async Task RequestSchemasNameExactlyTheStringFieldsTheRouteTakes(string path, string required, string optional)
    {
        await using var app = new ChatAppFactory();
        var document = await DocumentAsync(app);

        var body = Operation(document, "POST", path)["requestBody"]!["content"]!["application/json"]!["schema"]!;
        var schema = Resolve(document, body);

        Assert.Equal(required.Split(','), schema["required"]!.Values<string>());
        Assert.Equal(required.Split(',').Concat(optional.Split(',', StringSplitOptions.RemoveEmptyEntries)),
            ((JObject)schema["properties"]!).Properties().Select(p => p.Name));
        Assert.All(((JObject)schema["properties"]!).PropertyValues(), f => Assert.Equal("string", (string?)f["type"]));
        // Unknown fields are refused with 400, and the document says so.
        Assert.Equal(false, (bool?)schema["additionalProperties"]);
    }

    [Fact]
    public async Task DocsServeAnInteractiveReferenceOfTheDocument()
    {
        await using var app = new ChatAppFactory();

        var page = await app.CreateClient().GetAsync("/docs/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("scalar", await page.Content.ReadAsStringAsync());
    }

    static async Task<JToken> DocumentAsync(ChatAppFactory app)
    {
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    static JToken Operation(JToken document, string method, string path) =>
        document["paths"]?[path]?[method.ToLowerInvariant()]
        ?? throw new Xunit.Sdk.XunitException($"the document has no {method} {path}");

    /// <summary>
    /// Every key of the real body is a property of the schema, and every property the schema requires
    /// is in the body, recursively. Extra keys only where the schema allows them (problem extensions).
    /// </summary>
    static void AssertFieldsMatch(JToken document, JToken schema, JToken actual, string where)
    {
        schema = Resolve(document, schema);
        if (actual is JArray array)
        {
            Assert.True(array.Count > 0, $"{where}: use a response with items");
            foreach (var item in array)
                AssertFieldsMatch(document, schema["items"]!, item, where + "[]");
            return;
        }
        if (actual is not JObject body)
            return;
        if (schema["properties"] is not JObject properties)
        {
            // A map such as a problem's "errors": any key, each value of one schema.
            Assert.True(schema["additionalProperties"] is JObject, $"{where}: an object the schema does not describe");
            foreach (var value in body.PropertyValues())
                AssertFieldsMatch(document, schema["additionalProperties"]!, value, $"{where}.*");
            return;
        }
        var declared = properties.Properties().Select(p => p.Name).ToHashSet();
        var undeclared = body.Properties().Select(p => p.Name).Where(k => !declared.Contains(k)).ToList();
        var extrasAllowed = schema["additionalProperties"] is JObject or JValue { Value: true };
        Assert.True(extrasAllowed || undeclared.Count == 0, $"{where}: keys not in the schema: {string.Join(", ", undeclared)}");
        foreach (var required in schema["required"]?.Values<string>() ?? [])
            Assert.True(body.ContainsKey(required!), $"{where}: the schema requires '{required}'");
        foreach (var property in body.Properties().Where(p => declared.Contains(p.Name)))
            AssertFieldsMatch(document, properties[property.Name]!, property.Value, $"{where}.{property.Name}");
    }

    static JToken Resolve(JToken document, JToken schema)
    {
        while (schema["$ref"] is { } reference)
            schema = document.SelectToken(((string)reference!)[2..].Replace('/', '.'))!;
        return schema;
    }
}
