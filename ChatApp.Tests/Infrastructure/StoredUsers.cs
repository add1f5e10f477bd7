using ChatApp.Data;
using ChatApp.Data.Stores;

namespace ChatApp.Tests.Infrastructure;

public static class StoredUsers
{
    /// <summary>Stores a user straight into a database that no server has open (as seeding would).</summary>
    public static UserDocument AddUser(this ChatDatabase db, string username, long createdAt, string passwordHash = "not-a-hash") =>
        new UserStore(db, TimeProvider.System).CreateManyAsync([createdAt], _ => username, passwordHash, maxAttempts: 1)
            .GetAwaiter().GetResult()[0];
}
