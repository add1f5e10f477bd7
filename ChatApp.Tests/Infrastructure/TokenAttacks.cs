using System.Security.Cryptography;
using ChatApp.Data;
using ChatApp.Features.Admin;
using ChatApp.Features.Auth;

namespace ChatApp.Tests.Infrastructure;

/// <summary>
/// Tokens an attacker might present: forged, tampered, expired, and dead ones (logged out, ended session,
/// password changed, account disabled or deleted). The first part is AuthAttackTests' list; the dead
/// ones need <see cref="Settings.NoRateLimits"/> (they sign up and log in).
/// </summary>
public static class TokenAttacks
{
    public sealed record Attack(string Name, Func<ChatAppFactory, UserDocument, UserDocument, Task<string?>> Token);

    /// <summary>Forged, tampered, expired and logged-out tokens: need nothing but two users.</summary>
    public static readonly Attack[] Forged =
    [
        new("no token", (_, _, _) => Task.FromResult<string?>(null)),
        new("garbage", (_, _, _) => Task.FromResult<string?>("garbage")),
        new("three empty parts", (_, _, _) => Task.FromResult<string?>("..")),
        new("alg none", (_, a, _) => Task.FromResult<string?>(ForgedTokens.Unsigned(ForgedTokens.Claims(a.Id)))),
        new("HS256 with another key", (_, a, _) => Task.FromResult<string?>(
            ForgedTokens.Hmac(ForgedTokens.Header("HS256"), ForgedTokens.Claims(a.Id), RandomNumberGenerator.GetBytes(64)))),
        new("RS256 with the attacker's own key", (_, a, _) => Task.FromResult<string?>(ForgedTokens.Rs256WithOwnKey(a.Id))),
        new("RS256 header over an HMAC with the real key", (app, a, _) => Task.FromResult<string?>(
            ForgedTokens.Hmac(ForgedTokens.Header("RS256"), ForgedTokens.Claims(a.Id), RealKey(app)))),
        new("HS512 with the real key", (app, a, _) => Task.FromResult<string?>(
            ForgedTokens.Hmac(ForgedTokens.Header("HS512"), ForgedTokens.Claims(a.Id), RealKey(app)))),
        new("expired a second ago", (app, a, _) => Task.FromResult<string?>(ForgedTokens.Hmac(ForgedTokens.Header("HS256"),
            ForgedTokens.Claims(a.Id, from: TimeSpan.FromHours(-2), until: TimeSpan.FromSeconds(-1)), RealKey(app)))),
        new("not valid for another hour", (app, a, _) => Task.FromResult<string?>(ForgedTokens.Hmac(ForgedTokens.Header("HS256"),
            ForgedTokens.Claims(a.Id, from: TimeSpan.FromHours(1), until: TimeSpan.FromHours(2)), RealKey(app)))),
        new("no expiry", (app, a, _) => Task.FromResult<string?>(ForgedTokens.Hmac(ForgedTokens.Header("HS256"),
            ForgedTokens.Claims(a.Id).Where(c => c.Key != "exp").ToDictionary(), RealKey(app)))),
        new("another audience", (app, a, _) => Task.FromResult<string?>(ForgedTokens.Hmac(ForgedTokens.Header("HS256"),
            new Dictionary<string, object>(ForgedTokens.Claims(a.Id)) { ["aud"] = "someone-else" }, RealKey(app)))),
        new("sub tampered to another user", (app, a, b) => Task.FromResult<string?>(ForgedTokens.WithSubject(app.TokenFor(a), b.Id))),
        new("revoked by logout", async (app, a, _) =>
        {
            var token = app.TokenFor(a);
            (await app.ClientWithToken(token).GetAsync("/logout")).EnsureSuccessStatusCode();
            return token;
        }),
        new("a user id that does not exist", (app, _, _) => Task.FromResult<string?>(
            ForgedTokens.Hmac(ForgedTokens.Header("HS256"), ForgedTokens.Claims(999_999), RealKey(app)))),
        new("a negative user id", (app, _, _) => Task.FromResult<string?>(
            ForgedTokens.Hmac(ForgedTokens.Header("HS256"), ForgedTokens.Claims(-1), RealKey(app)))),
    ];

    /// <summary><see cref="Forged"/> and the tokens that died with a session, a password, or the account itself.</summary>
    public static readonly Attack[] All =
    [
        .. Forged,
        new("a session ended by DELETE /sessions", async (app, _, _) =>
        {
            var name = await FreshUserAsync(app);
            var keeper = app.ClientWithToken(await app.LoginAsync(name));
            var token = await app.LoginAsync(name);
            var id = (int)(await keeper.GetArrayAsync("/sessions")).Single(s => !(bool)s["current"]!)["id"]!;
            (await keeper.DeleteAsync($"/sessions/{id}")).EnsureSuccessStatusCode();
            return token;
        }),
        new("another session after a password change", async (app, _, _) =>
        {
            var name = await FreshUserAsync(app);
            var changer = app.ClientWithToken(await app.LoginAsync(name));
            var token = await app.LoginAsync(name);
            (await changer.PostJsonAsync("/user/password", new { current_password = TestApi.Password, new_password = "a new long password" }))
                .EnsureSuccessStatusCode();
            return token;
        }),
        new("a disabled account", async (app, _, _) =>
        {
            var name = await FreshUserAsync(app);
            var token = await app.LoginAsync(name);
            Assert.Null((await app.Service<AdminService>().DisableAsync(name)).Failure);
            return token;
        }),
        new("a deleted account", async (app, _, _) =>
        {
            var name = await FreshUserAsync(app);
            var token = await app.LoginAsync(name);
            (await app.ClientWithToken(token).SendJsonAsync(HttpMethod.Delete, "/user", new { password = TestApi.Password }))
                .EnsureSuccessStatusCode();
            return token;
        }),
    ];

    static byte[] RealKey(ChatAppFactory app) => app.Service<SigningKey>().Key.Key;

    static int _fresh;

    static async Task<string> FreshUserAsync(ChatAppFactory app)
    {
        var name = $"victim{Interlocked.Increment(ref _fresh)}";
        await app.SignUpAsync(name);
        return name;
    }
}
