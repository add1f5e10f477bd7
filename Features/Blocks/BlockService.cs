using ChatApp.Contracts;
using ChatApp.Data.Stores;

namespace ChatApp.Features.Blocks;

/// <summary>
/// Blocking: while either of two users blocks the other, nothing new passes between them (messages,
/// typing, presence, receipts); both keep their history. The other services ask <see cref="EitherBlocks"/>.
/// </summary>
public sealed class BlockService(BlockStore blocks, UserStore users)
{
    public const string Refusal = "you cannot message this user: one of you blocks the other";

    public bool EitherBlocks(int a, int b) => a != b && blocks.EitherBlocks(a, b);

    public async Task<Outcome<bool>> BlockAsync(int callerId, int userId)
    {
        if (Target(callerId, userId) is { } refused)
            return refused;
        await blocks.BlockAsync(callerId, userId);
        return true;
    }

    public async Task<Outcome<bool>> UnblockAsync(int callerId, int userId)
    {
        if (Target(callerId, userId) is { } refused)
            return refused;
        await blocks.UnblockAsync(callerId, userId);
        return true;
    }

    public List<UserResponse> List(int callerId) =>
        blocks.BlockedBy(callerId).Select(users.FindById).OfType<Data.UserDocument>().Select(UserResponse.Of).ToList();

    Failure? Target(int callerId, int userId)
    {
        if (userId == callerId)
            return Failure.Invalid("user_id", "you cannot block yourself");
        return users.FindById(userId) is { Deleted: false } ? null : Failure.NotFound($"user {userId} does not exist");
    }
}
