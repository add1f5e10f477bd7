using System.Net;
using ChatApp.Features.Admin;
using ChatApp.Tests.Infrastructure;

namespace ChatApp.Tests.Modules;

public sealed class RegistrationModeTests
{
    static Task<HttpResponseMessage> SignUpAsync(ChatAppFactory app, string username, string? inviteCode) =>
        inviteCode is null
            ? app.CreateClient().PostJsonAsync("/user", new { username, password = TestApi.Password })
            : app.CreateClient().PostJsonAsync("/user", new { username, password = TestApi.Password, invite_code = inviteCode });

    static async Task<string> InviteAsync(ChatAppFactory app, int uses, double? expiresInDays = null) =>
        (await app.Service<AdminService>().CreateInviteAsync(uses, expiresInDays)).Value!;

    static ChatAppFactory InMode(string mode) => new(settings: Settings.NoRateLimits(("Registration:Mode", mode)));

    [Fact]
    public async Task InviteModeRefusesAMissingOrUnknownCodeWith403()
    {
        await using var app = InMode("invite");
        await InviteAsync(app, uses: 5);

        await (await SignUpAsync(app, "ada", null)).IsProblemAsync(HttpStatusCode.Forbidden);
        await (await SignUpAsync(app, "ada", "")).IsProblemAsync(HttpStatusCode.Forbidden);
        await (await SignUpAsync(app, "ada", "NOTAREALCODE2345")).IsProblemAsync(HttpStatusCode.Forbidden);
        await (await app.CreateClient().PostJsonAsync("/login", new { username = "ada", password = TestApi.Password }))
            .IsProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AValidCodeSignsUpAsManyUsersAsItHasUsesAndThenIsUsedUp()
    {
        await using var app = InMode("invite");
        var code = await InviteAsync(app, uses: 2);

        Assert.Equal(HttpStatusCode.Created, (await SignUpAsync(app, "ada", code)).StatusCode);
        // A refused sign-up (name taken) does not spend a use.
        await (await SignUpAsync(app, "ADA", code)).IsProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Created, (await SignUpAsync(app, "bob", code)).StatusCode);
        await (await SignUpAsync(app, "carl", code)).IsProblemAsync(HttpStatusCode.Forbidden);
        await app.LoginAsync("bob");
    }

    [Fact]
    public async Task AnExpiredCodeIs403()
    {
        await using var app = InMode("invite");
        var code = await InviteAsync(app, uses: 3, expiresInDays: 1);
        Assert.Equal(HttpStatusCode.Created, (await SignUpAsync(app, "ada", code)).StatusCode);

        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        await (await SignUpAsync(app, "bob", code)).IsProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ClosedModeRefusesEverySignUpWith403()
    {
        await using var app = InMode("closed");
        var code = await InviteAsync(app, uses: 1);

        await (await SignUpAsync(app, "ada", null)).IsProblemAsync(HttpStatusCode.Forbidden);
        await (await SignUpAsync(app, "ada", code)).IsProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task OpenModeAcceptsAndIgnoresAnInviteCode()
    {
        await using var app = InMode("open");

        Assert.Equal(HttpStatusCode.Created, (await SignUpAsync(app, "ada", "ANYTHING")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SignUpAsync(app, "bob", null)).StatusCode);
    }
}
