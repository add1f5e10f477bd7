using System.CommandLine;
using System.Globalization;

namespace ChatApp.Commands;

/// <summary>Number options whose errors name the option and the value (the parser's own name the CLR type).</summary>
public static class NumberOptions
{
    public static Option<int> WholeNumber(string name, int min, int max, int defaultValue, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
                return value;
            r.AddError($"{name} must be a whole number from {min:N0} to {max:N0}, not '{text}'");
            return defaultValue;
        },
    };

    public static Option<int?> Integer(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "S",
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                return value;
            r.AddError($"{name} must be an integer, not '{text}'");
            return null;
        },
    };

    public static Option<double?> Days(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "D",
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 3650)
                return value;
            r.AddError($"{name} must be a number of days above 0 and at most 3650, not '{text}'");
            return null;
        },
    };
}
