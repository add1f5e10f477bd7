using System.ComponentModel.DataAnnotations;

namespace ChatApp.Hosting.Backups;

/// <summary>Scheduled backups: none unless <see cref="Directory"/> is set.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>Where <c>chat-YYYYMMDD-HHMMSS.db</c> files go (UTC times); created if missing.</summary>
    public string? Directory { get; set; }

    [Range(1.0 / 60, 24 * 366, ErrorMessage = "Backup:IntervalHours must be from 1/60 (one minute) to 8784 (a year)")]
    public double IntervalHours { get; set; } = 24;

    [Range(1, 10_000, ErrorMessage = "Backup:Keep must be a whole number from 1 to 10000")]
    public int Keep { get; set; } = 7;
}
