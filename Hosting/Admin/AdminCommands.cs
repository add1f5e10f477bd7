using ChatApp.Features;
using ChatApp.Features.Admin;

namespace ChatApp.Hosting.Admin;

/// <summary>Runs one admin request through <see cref="AdminService"/>: the same code behind the socket and on a file.</summary>
public sealed class AdminCommands(AdminService admin)
{
    public async Task<AdminResponse> RunAsync(AdminRequest request) => request.Command switch
    {
        AdminRequest.ListUsers => AdminResponse.Done(admin.ListUsers()),
        AdminRequest.Disable => Answer(await admin.DisableAsync(Required(request.Name))),
        AdminRequest.Enable => Answer(await admin.EnableAsync(Required(request.Name))),
        AdminRequest.ResetPassword => Answer(await admin.ResetPasswordAsync(Required(request.Name))),
        AdminRequest.Delete => Answer(await admin.DeleteAsync(Required(request.Name))),
        AdminRequest.CreateInvite => Answer(await admin.CreateInviteAsync(request.Uses ?? 1, request.ExpiresInDays)),
        AdminRequest.Backup => Answer(await admin.BackupAsync(request.File ?? "")),
        _ => AdminResponse.Failed($"unknown admin command '{request.Command}'"),
    };

    static string Required(string? name) => name ?? "";

    static AdminResponse Answer(Outcome<string> outcome) =>
        outcome.Failure is { } failure ? AdminResponse.Failed(failure.Detail) : AdminResponse.Done(outcome.Value!);
}
