using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;
using FsCheck.Xunit;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatApp.Tests.Reliability;

/// <summary>One app for all generated cases of a property (many cases, no bursts of a person's size: limits off).</summary>
public sealed class PropertyApp : IAsyncLifetime
{
    public ChatAppFactory App { get; } = new(settings: Settings.NoRateLimits());
    public UserDocument Ada { get; private set; } = null!;
    public UserDocument Bob { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public HubConnection Hub { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Ada = await App.CreateUserAsync("ada");
        Bob = await App.CreateUserAsync("bob");
        Client = App.ClientFor(Ada);
        Hub = await HubClients.ConnectAsync(App, App.TokenFor(Ada));
    }

    public async Task DisposeAsync()
    {
        await Hub.DisposeAsync();
        await App.DisposeAsync();
    }
}

public sealed class PropertyTests(PropertyApp fixture) : IClassFixture<PropertyApp>
{
    // The work runs on the thread pool: FsCheck waits synchronously, and xunit's context must stay free.
    static T Run<T>(Func<Task<T>> work) => Task.Run(work).GetAwaiter().GetResult();

    [Property(Arbitrary = [typeof(Inputs)], MaxTest = 60)]
    public bool ValidBodiesRoundTripByteForByteOverRest(ValidBody body) => Run(async () =>
    {
        Assert.True(ContractRules.AllowsBody(body.Value), "the generator made a body the contract refuses");
        var response = await fixture.Client.PostRawAsync($"/message/{fixture.Bob.Id}", $$"""{"body":{{Inputs.Json(body.Value)}}}""");
        if (response.StatusCode != HttpStatusCode.Created)
            return false;
        var echoed = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("body").GetString()!;
        var stored = (await fixture.Client.GetFromJsonAsync<JsonElement>($"/message/{fixture.Bob.Id}?limit=1"))[0].GetProperty("body").GetString()!;
        var bytes = Encoding.UTF8.GetBytes(body.Value);
        return bytes.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(echoed)) && bytes.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(stored));
    });

    [Property(Arbitrary = [typeof(Inputs)], MaxTest = 60)]
    public bool ValidBodiesRoundTripByteForByteOverTheHub(ValidBody body) => Run(async () =>
    {
        Assert.True(ContractRules.AllowsBody(body.Value), "the generator made a body the contract refuses");
        var message = await fixture.Hub.InvokeAsync<JsonElement>("SendMessage", fixture.Bob.Id, body.Value);
        var stored = fixture.App.Service<MessageStore>().FindById(message.GetProperty("id").GetInt32())!;
        return message.GetProperty("body").GetString() == body.Value && stored.Body == body.Value;
    });

    [Property(Arbitrary = [typeof(Inputs)], MaxTest = 60)]
    public bool InvalidBodiesAreRefusedOnBothTransportsAndNothingIsStored(InvalidBody body) => Run(async () =>
    {
        Assert.False(ContractRules.AllowsBody(body.Value), "the generator made a body the contract allows");
        var before = fixture.App.Service<ChatDatabase>().Messages.Count();
        var rest = await fixture.Client.PostRawAsync("/add_message/bob", $$"""{"body":{{Inputs.Json(body.Value)}}}""");
        var hubRefused = false;
        try
        {
            await fixture.Hub.InvokeAsync<JsonElement>("SendMessage", fixture.Bob.Id, body.Value);
        }
        catch (HubException)
        {
            hubRefused = true;
        }
        // The hub client's serializer turns a lone surrogate into U+FFFD: the server judges what arrives.
        var hubMustRefuse = !ContractRules.AllowsBody(ContractRules.AsSentOverUtf8(body.Value));
        return rest.StatusCode == HttpStatusCode.BadRequest
            && rest.Content.Headers.ContentType?.MediaType == "application/problem+json"
            && hubRefused == hubMustRefuse
            && fixture.App.Service<ChatDatabase>().Messages.Count() == before + (hubRefused ? 0 : 1);
    });

    [Property(Arbitrary = [typeof(Inputs)], MaxTest = 80)]
    public bool SignUpAcceptsExactlyTheContractsUsernamesKeepsThemAsTypedAndNeverFails(AnyUsername name) => Run(async () =>
    {
        var users = fixture.App.Service<UserStore>();
        var valid = ContractRules.AllowsUsername(name.Value);
        var taken = valid && users.FindByUsername(name.Value) is not null;
        var response = await fixture.App.CreateClient().PostRawAsync("/user",
            $$"""{"username":{{Inputs.Json(name.Value)}},"password":"property-password"}""");
        var status = (int)response.StatusCode;
        if (!valid)
            return status == 400 && response.Content.Headers.ContentType?.MediaType == "application/problem+json";
        if (taken)
            return status == 409;
        var created = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("username").GetString();
        return status == 201 && created == name.Value && users.FindByUsername(name.Value.ToUpperInvariant())?.Username == name.Value;
    });
}
