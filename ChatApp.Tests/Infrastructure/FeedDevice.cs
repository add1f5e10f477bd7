using System.Text.Json;
using ChatApp.Contracts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Newtonsoft.Json.Linq;

namespace ChatApp.Tests.Infrastructure;

/// <summary>
/// A client app on one device as docs/API.md asks clients to be: one hub connection at a time, each one
/// resumed from the last seq the device accepted, and the list of events it accepted.
/// </summary>
/// <remarks>
/// The acceptance rule is stricter than a real client's. A real client accepts seq == last + 1, drops
/// seq &lt;= last as a duplicate and fills a gap (seq &gt; last + 1) from <c>GET /sync</c>. Here a duplicate
/// and a gap are both recorded as violations, because against a correct server neither can happen:
/// on one connection <c>Resume(since)</c> sends every seq above <c>since</c> once, in order, and then the
/// live events without a gap or a repeat at the seam; across connections the device ignores whatever
/// a connection it has dropped still delivers and resumes the new one from its own last accepted seq.
/// So the first seq any connection delivers is last + 1, and so is every following one.
/// </remarks>
public sealed class FeedDevice(WebApplicationFactory<Program> app, string token, string name) : IAsyncDisposable
{
    readonly object _gate = new();
    readonly List<JToken> _accepted = [];
    readonly List<string> _violations = [];
    int _generation;
    int _last;
    int _waitingFor;
    TaskCompletionSource? _waiter;

    public string Name => name;
    public HubConnection? Connection { get; private set; }

    /// <summary>
    /// Awaited with each accepted event, outside the device's lock. The SignalR client awaits its handlers
    /// one after another, so until it completes the device reads nothing more from its connection.
    /// </summary>
    public Func<JToken, Task>? OnAccepted { get; set; }

    public int Last { get { lock (_gate) return _last; } }
    public List<JToken> Accepted { get { lock (_gate) return [.. _accepted]; } }
    public List<string> Violations { get { lock (_gate) return [.. _violations]; } }
    /// <summary>Events a dropped connection delivered after the device had let it go (ignored, as a client would).</summary>
    public int Abandoned { get; private set; }

    /// <summary>Opens a new connection (not resumed yet).</summary>
    public async Task<HubConnection> ConnectAsync()
    {
        var connection = app.HubConnection(token);
        int generation;
        lock (_gate)
            generation = ++_generation;
        connection.On<JsonElement>(EventNames.FeedEvent, e => ReceiveAsync(generation, e));
        await connection.StartJoinedAsync();
        Connection = connection;
        return connection;
    }

    /// <summary><c>Resume(last accepted seq)</c> on the open connection; its reply.</summary>
    public async Task<JToken> ResumeAsync()
    {
        var since = Last;
        var reply = await Connection!.InvokeJsonAsync("Resume", since);
        if ((int)reply["next"]! < since)
            lock (_gate)
                _violations.Add($"{name}: Resume({since}) answered next {reply["next"]}");
        return reply;
    }

    public async Task ConnectAndResumeAsync()
    {
        await ConnectAsync();
        await ResumeAsync();
    }

    /// <summary>Lets the connection go: from now on nothing it delivers counts.</summary>
    public async Task DropAsync()
    {
        var connection = Connection;
        Connection = null;
        lock (_gate)
            _generation++;
        if (connection is not null)
            await connection.DisposeAsync();
    }

    /// <summary>Completes once the device has accepted <paramref name="seq"/>; fails the test after <see cref="HubTestClient.Patience"/>.</summary>
    public async Task WaitForAsync(int seq)
    {
        Task waiting;
        lock (_gate)
        {
            if (_last >= seq)
                return;
            _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waitingFor = seq;
            waiting = _waiter.Task;
        }
        try
        {
            await waiting.WaitAsync(HubTestClient.Patience);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{name} waited for seq {seq} but accepted up to {Last}; violations: {string.Join("; ", Violations)}");
        }
    }

    Task ReceiveAsync(int generation, JsonElement argument)
    {
        var e = WireJson.Parse(argument.GetRawText());
        lock (_gate)
        {
            if (generation != _generation)
            {
                Abandoned++;
                return Task.CompletedTask;
            }
            var seq = (int)e["seq"]!;
            if (seq != _last + 1)
            {
                _violations.Add($"{name}: got seq {seq} after {_last} ({(seq <= _last ? "a duplicate" : "a gap")}, connection {generation})");
                return Task.CompletedTask;
            }
            _accepted.Add(e);
            _last = seq;
            if (_waiter is not null && _last >= _waitingFor)
                _waiter.TrySetResult();
        }
        return OnAccepted?.Invoke(e) ?? Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await DropAsync();
}
