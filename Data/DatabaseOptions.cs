using System.ComponentModel.DataAnnotations;

namespace ChatApp.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>The LiteDB file; its folder is created on first start.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "data/chat.db";
}
