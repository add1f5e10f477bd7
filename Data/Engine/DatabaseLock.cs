namespace ChatApp.Data.Engine;

/// <summary>
/// An OS lock on a file next to the database, held while the process lives. LiteDB lets two processes
/// open one file in direct mode and corrupt it; the OS drops this lock when a process dies, so a crash
/// never leaves a stale lock behind.
/// </summary>
public sealed class DatabaseLock : IDisposable
{
    readonly FileStream _stream;

    DatabaseLock(FileStream stream) => _stream = stream;

    /// <summary>
    /// Waits briefly for the lock: a restarted server may start while the old one is still closing the file.
    /// </summary>
    public static DatabaseLock Acquire(string databasePath)
    {
        var lockPath = databasePath + ".lock";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (true)
        {
            try
            {
                return new DatabaseLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
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
    }

    public void Dispose() => _stream.Dispose();
}
