using System.Collections;
using System.Reflection;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;
using LiteDB;

namespace ChatApp.Tests.Data;

public sealed class QueryCacheTests
{
    [Fact]
    public async Task LookingUpManyDifferentUsernamesDoesNotGrowLiteDbsCompiledExpressionCache()
    {
        await using var app = new ChatAppFactory();
        var users = app.Service<UserStore>();
        users.FindByUsername("warm-up");
        var before = CompiledExpressions();

        for (var i = 0; i < 200; i++)
            users.FindByUsername($"nobody{i}");
        await app.CreateUserAsync("someone-new");

        // LiteDB keeps every distinct expression text it compiled, for good; a value written into the
        // text (Query.EQ does that) would add one entry per name. Other tests running meanwhile add a few.
        Assert.InRange(CompiledExpressions() - before, 0, 20);
    }

    static int CompiledExpressions()
    {
        var cache = typeof(BsonExpression).GetField("_cacheScalar", BindingFlags.NonPublic | BindingFlags.Static)!;
        return ((ICollection)cache.GetValue(null)!).Count;
    }
}
