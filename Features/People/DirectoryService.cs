using System.Text.RegularExpressions;
using ChatApp.Contracts;
using ChatApp.Data.Stores;

namespace ChatApp.Features.People;

/// <summary>Finding people: a username prefix (one range of the username index), or an id.</summary>
public sealed partial class DirectoryService(UserStore users)
{
    public const int MaxLimit = 100;
    public const int DefaultLimit = 20;

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,32}\z")]
    private static partial Regex Prefix();

    public Outcome<List<UserResponse>> Search(string? q, string? limit)
    {
        if (q is null || !Prefix().IsMatch(q))
            return Failure.Invalid("q", "must be 1 to 32 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, out count) || count is < 1 or > MaxLimit))
            return Failure.Invalid("limit", $"must be a whole number from 1 to {MaxLimit}");
        return users.Search(q, count).ConvertAll(UserResponse.Of);
    }

    public Outcome<UserResponse> Get(int id) =>
        users.FindById(id) is { Deleted: false } user ? UserResponse.Of(user) : Failure.NotFound($"user {id} does not exist");
}
