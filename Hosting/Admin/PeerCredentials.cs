using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ChatApp.Hosting.Admin;

/// <summary>
/// Who is at the other end of a Unix socket (Linux's SO_PEERCRED). The socket file's mode already keeps
/// other users out; this second check holds even if the file's mode or its folder is loosened later.
/// </summary>
public static class PeerCredentials
{
    public readonly record struct Peer(int Pid, uint Uid);

    const int SolSocket = 1;
    const int SoPeerCred = 17;

    /// <summary>The peer, or null where the OS does not say (not Linux).</summary>
    public static Peer? Of(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
            return null;
        Span<byte> ucred = stackalloc byte[12];
        if (socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) < 12)
            return null;
        return new Peer(BitConverter.ToInt32(ucred[..4]), BitConverter.ToUInt32(ucred[4..8]));
    }

    /// <summary>The server's own user, or root (who can read the database file anyway).</summary>
    public static bool MaySend(Peer peer) => peer.Uid == 0 || peer.Uid == EffectiveUserId();

    // DllImport, not LibraryImport: the generated form needs the project to allow unsafe code for one call.
    [DllImport("libc", EntryPoint = "geteuid")]
    static extern uint EffectiveUserId();
}
