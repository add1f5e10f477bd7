using System.Security.Claims;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Hubs;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ChatApp.Tests.Hubs;

public sealed class ConnectionRegistryTests
{
    [Fact]
    public async Task AConnectionRegisteredAfterItsTokenWasRevokedIsAbortedAtOnce()
    {
        // The race a logout can lose: the connection authenticated before the revocation, but
        // registers after CloseAll has run.
        await using var app = new ChatAppFactory();
        var registry = app.Service<ConnectionRegistry>();
        await app.Service<RevokedTokenStore>().RevokeAsync("revoked-jti", ChatAppFactory.Start.AddDays(1));
        var late = new FakeCaller("revoked-jti", ChatAppFactory.Start.AddDays(1));
        var fine = new FakeCaller("live-jti", ChatAppFactory.Start.AddDays(1));

        registry.Add(late);
        registry.Add(fine);

        Assert.True(late.Aborted);
        Assert.False(fine.Aborted);
    }

    [Fact]
    public async Task AConnectionWhoseTokenHasAlreadyExpiredIsAbortedAtOnce()
    {
        await using var app = new ChatAppFactory();
        var expired = new FakeCaller("old-jti", ChatAppFactory.Start.AddSeconds(-1));

        app.Service<ConnectionRegistry>().Add(expired);

        Assert.True(expired.Aborted);
    }

    sealed class FakeCaller(string tokenId, DateTimeOffset expiresAt) : HubCallerContext
    {
        public bool Aborted { get; private set; }

        public override string ConnectionId { get; } = Guid.NewGuid().ToString("N");
        public override string? UserIdentifier => "1";
        public override ClaimsPrincipal? User { get; } = new(new ClaimsIdentity([
            new Claim(JwtRegisteredClaimNames.Sub, "1"),
            new Claim(JwtRegisteredClaimNames.Jti, tokenId),
            new Claim(JwtRegisteredClaimNames.Exp, expiresAt.ToUnixTimeSeconds().ToString()),
        ], "test"));
        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();
        public override IFeatureCollection Features { get; } = new FeatureCollection();
        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort() => Aborted = true;
    }
}
