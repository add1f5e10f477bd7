namespace ChatApp.Data.Engine;

/// <summary>
/// LiteDB's log file (<c>name-log.ext</c>, its write-ahead log), opened here instead of by LiteDB.
/// LiteDB 5.0.21 writes each committed page to this stream before Commit returns and never fsyncs it, and
/// its own log file would be out of ChatApp's reach: <see cref="DatabaseFile.FlushCommitted"/> fsyncs this
/// once per committed batch. Unbuffered (bufferSize 0), and LiteDB reads the log through this same handle,
/// so a checkpoint or a reader always sees every page written so far.
/// </summary>
public sealed class LiteLogStream : Stream
{
    readonly FileStream _file;

    LiteLogStream(FileStream file) => _file = file;

    public static string PathFor(string databasePath) =>
        Path.Combine(
            Path.GetDirectoryName(databasePath)!,
            Path.GetFileNameWithoutExtension(databasePath) + "-log" + Path.GetExtension(databasePath));

    public static LiteLogStream Open(string databasePath) =>
        new(new FileStream(PathFor(databasePath), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read,
            bufferSize: 0, FileOptions.RandomAccess));

    /// <summary>Waits until everything written so far is on the disk.</summary>
    public void FlushToDisk() => _file.Flush(flushToDisk: true);

    public override void Flush() => _file.Flush(flushToDisk: false);

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => true;
    public override long Length => _file.Length;

    public override long Position
    {
        get => _file.Position;
        set => _file.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => _file.Read(buffer, offset, count);

    public override void Write(byte[] buffer, int offset, int count) => _file.Write(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);

    public override void SetLength(long value) => _file.SetLength(value);

    /// <summary>Closes the file, and removes it when empty: LiteDB leaves no log behind after a clean close.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            var empty = _file.Length == 0;
            _file.Dispose();
            if (empty)
                File.Delete(_file.Name);
        }
        base.Dispose(disposing);
    }
}
