using System.Net;
using System.Text;
using ChatApp.Bench.Infrastructure;
using ChatApp.Bench.Reporting;

namespace ChatApp.Bench.Scenarios;

/// <summary>GET /chats for a user with many conversations (rows with unread counts and presence), one message with each other user.</summary>
public static class ChatsScenario
{
    public static async Task RunAsync(BenchContext ctx)
    {
        var conversations = ctx.Options.Conversations;
        await using var server = await ChildServer.StartChatAppAsync(ctx.NewDbPath("chats"));
        using var api = new ApiClient(server.BaseAddress);
        using var floorApi = new ApiClient(ctx.HttpFloor.BaseAddress);
        var owner = (await api.CreateUsersAsync("owner", 1))[0];
        var others = await api.CreateUsersAsync("friend", conversations);
        var json = Encoding.UTF8.GetBytes("{\"body\":\"hello, this is a conversation\"}");
        await Parallel.ForEachAsync(others, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (other, _) =>
        {
            if (await api.SendAsync(HttpMethod.Post, $"/message/{other.Id}", owner.Token, json) != HttpStatusCode.Created)
                throw new InvalidOperationException("setup: sending a message failed");
        });

        var runs = await Alternation.RunAsync(ctx.Options.Rounds,
            () => ctx.Loop(1, async _ => await api.SendAsync(HttpMethod.Get, "/chats", owner.Token) == HttpStatusCode.OK, server),
            () => ctx.Loop(1, async _ => await floorApi.SendAsync(HttpMethod.Get, "/chats", null) == HttpStatusCode.OK));
        var chatApp = runs.ChatApp;
        ctx.Report.Add(new ResultRow("chats", $"{conversations:N0} conversations")
        {
            PerSecond = chatApp.PerSecond,
            P50Ms = chatApp.P50Ms,
            P99Ms = chatApp.P99Ms,
            MaxMs = chatApp.MaxMs,
            Errors = chatApp.Errors,
            VsFloor = runs.LatencyRatio(1),
            FloorName = "http floor p50",
            Figures = new() { ["server cpu ms/req"] = chatApp.CpuMsPerOp ?? double.NaN },
            // Issue 13: the rows now carry unread counts and presence, and still may not scan messages.
            Target = conversations >= 1000 ? "p50 ≤ 5 ms, p99 ≤ 15 ms" : null,
            TargetMet = conversations >= 1000 ? chatApp.P50Ms <= 5 && chatApp.P99Ms <= 15 : null,
        });
    }
}
