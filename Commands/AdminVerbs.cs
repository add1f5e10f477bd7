using System.CommandLine;
using ChatApp.Features.Admin;
using ChatApp.Hosting.Admin;

namespace ChatApp.Commands;

/// <summary>
/// <c>invite create</c>, <c>users list|disable|enable|reset-password|delete</c> and <c>backup FILE</c>: each
/// becomes one <see cref="AdminRequest"/>, sent to the running server or run on the file (<see cref="AdminClient"/>).
/// </summary>
public static class AdminVerbs
{
    public static Command Invite(Option<string?> db, CommandConsole console)
    {
        var uses = NumberOptions.WholeNumber("--uses", 1, AdminService.MaxInviteUses, 1, "How many sign-ups the code allows (default 1)");
        var expires = NumberOptions.Days("--expires-in-days", "Days until the code expires (default: never)");
        var create = new Command("create", "Create an invite code for Registration:Mode=invite and print it") { uses, expires };
        create.SetAction((parsed, cancel) => Send("invite", db, parsed, console, cancel,
            new AdminRequest(AdminRequest.CreateInvite, Uses: parsed.GetValue(uses), ExpiresInDays: parsed.GetValue(expires))));
        return new Command("invite", "Invite codes") { create };
    }

    public static Command Users(Option<string?> db, CommandConsole console)
    {
        var list = new Command("list", "Every account: id, username, created (UTC) and 'disabled' when it is");
        list.SetAction((parsed, cancel) => Send("users", db, parsed, console, cancel, new AdminRequest(AdminRequest.ListUsers)));
        return new Command("users", "Manage accounts")
        {
            list,
            Named("disable", "Refuse the user's logins and end every session and hub connection", AdminRequest.Disable, db, console),
            Named("enable", "Let a disabled user log in again", AdminRequest.Enable, db, console),
            Named("reset-password", "Set and print a new random password; every session ends", AdminRequest.ResetPassword, db, console),
            Named("delete", "Delete the account as the user would: messages erased, partners told", AdminRequest.Delete, db, console),
        };
    }

    public static Command Backup(Option<string?> db, CommandConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "Where to write the copy (not the database itself)" };
        var backup = new Command("backup", "Write a consistent copy of the database, while the server runs or not") { file };
        backup.SetAction((parsed, cancel) => Send("backup", db, parsed, console, cancel,
            new AdminRequest(AdminRequest.Backup, File: Path.GetFullPath(parsed.GetValue(file)!))));
        return backup;
    }

    static Command Named(string name, string description, string request, Option<string?> db, CommandConsole console)
    {
        var username = new Argument<string>("NAME") { Description = "The username" };
        var command = new Command(name, description) { username };
        command.SetAction((parsed, cancel) => Send("users", db, parsed, console, cancel,
            new AdminRequest(request, Name: parsed.GetValue(username))));
        return command;
    }

    static async Task<int> Send(string verb, Option<string?> db, ParseResult parsed, CommandConsole console,
        CancellationToken cancel, AdminRequest request)
    {
        var response = await AdminClient.RunAsync(parsed.GetValue(db), request, cancel);
        if (!response.Ok)
        {
            console.Error.WriteLine($"chatapp {verb}: {response.Error}");
            return ChatCommandLine.Failed;
        }
        foreach (var line in response.Lines ?? [])
            console.Out.WriteLine(line);
        return ChatCommandLine.Ok;
    }
}
