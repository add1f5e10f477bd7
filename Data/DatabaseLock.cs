namespace ChatApp.Data;

/// <summary>
/// An OS lock on a file next to the database, held while the process lives. LiteDB lets two processes
/// open one file in direct mode and corrupt it; the OS drops this lock when a process dies, so a crash
/// never leaves a stale lock behind.
/// </summary>
public sealed class DatabaseLock : IDisposable
{
    readonly FileStream _stream;

    DatabaseLock(FileStream stream) => _stream = stream;

    public static DatabaseLock Acquire(string databasePath)
    {
        var lockPath = databasePath + ".lock";
        try
        {
            return new DatabaseLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            throw new DatabaseUnavailableException(
                $"database '{databasePath}' is in use by another ChatApp process (lock: '{lockPath}'); stop it first");
        }
        catch (UnauthorizedAccessException)
        {
            throw new DatabaseUnavailableException($"cannot write the lock file '{lockPath}': permission denied");
        }
    }

    public void Dispose() => _stream.Dispose();
}

public sealed class DatabaseUnavailableException(string message) : Exception(message);
