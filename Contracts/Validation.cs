using System.Text.RegularExpressions;

namespace ChatApp.Contracts;

/// <summary>The contract's input rules, shared by the REST routes and the hub.</summary>
public static partial class Validation
{
    public const int MaxBodyLength = 4000;

    // \z, not $: $ also matches before a final newline, which would let "abc\n" through.
    [GeneratedRegex("^[A-Za-z0-9_.-]{3,32}\\z")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}\\z")]
    private static partial Regex ClientIdPattern();

    /// <summary>The reason a client id is refused, or null when it is fine (or absent: it is optional).</summary>
    public static string? ClientIdError(string? clientId) =>
        clientId is null || ClientIdPattern().IsMatch(clientId) ? null : "must be 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'";

    public static Dictionary<string, string[]>? SignUp(SignUpRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.Username))
            errors["username"] = ["is required"];
        else if (!UsernamePattern().IsMatch(request.Username))
            errors["username"] = ["must be 3 to 32 characters of A-Z, a-z, 0-9, '_', '.' and '-'"];
        else if (EventNames.IsReserved(request.Username))
            errors["username"] = ["is reserved"];
        if (PasswordError(request.Password) is { } password)
            errors["password"] = [password];
        return errors.Count > 0 ? errors : null;
    }

    public static Dictionary<string, string[]>? PasswordChange(PasswordChangeRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.CurrentPassword))
            errors["current_password"] = ["is required"];
        if (PasswordError(request.NewPassword) is { } password)
            errors["new_password"] = [password];
        return errors.Count > 0 ? errors : null;
    }

    static string? PasswordError(string? password)
    {
        if (string.IsNullOrEmpty(password))
            return "is required";
        if (password.Length is < 8 or > 128)
            return "must be 8 to 128 characters";
        return IsWellFormed(password) ? null : "must not contain control characters or broken unicode";
    }

    public static Dictionary<string, string[]>? Login(CredentialsRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.Username))
            errors["username"] = ["is required"];
        if (string.IsNullOrEmpty(request.Password))
            errors["password"] = ["is required"];
        return errors.Count > 0 ? errors : null;
    }

    /// <summary>The reason a message body is refused, or null when it is fine.</summary>
    public static string? BodyError(string? body)
    {
        if (body is null)
            return "is required";
        var trimmed = body.Trim();
        if (trimmed.Length == 0)
            return "must not be empty or only white space";
        if (!IsWellFormed(body))
            return "must not contain control characters (other than tab and new line) or broken unicode";
        if (CountCharacters(trimmed) > MaxBodyLength)
            return $"must be at most {MaxBodyLength} characters";
        return null;
    }

    public static Dictionary<string, string[]>? Message(SendMessageRequest request) =>
        BodyError(request.Body) is { } error ? new() { ["body"] = [error] } : null;

    /// <summary>Counts what a person sees as characters: an emoji is one, not two UTF-16 units.</summary>
    static int CountCharacters(string text) => text.EnumerateRunes().Count();

    static bool IsWellFormed(string text)
    {
        // Lone surrogates cannot be stored as UTF-8 and would come back altered.
        if (HasLoneSurrogate(text))
            return false;
        foreach (var c in text)
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
                return false;
        return true;
    }

    static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                return true;
        }
        return false;
    }
}
