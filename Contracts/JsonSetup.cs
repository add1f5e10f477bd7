using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatApp.Contracts;

/// <summary>The wire JSON, shared by the HTTP routes and the hub so both send the same shapes.</summary>
public static class JsonSetup
{
    /// <summary>Options of their own, for JSON written outside the framework's serializers (exports).</summary>
    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // The web defaults read "1" as 1: a number sent as a string is a wrong type, answered 400.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new UtcMillisecondsConverter());
    }

    /// <summary>The contract's time format: UTC, always three fraction digits, <c>Z</c>.</summary>
    sealed class UtcMillisecondsConverter : JsonConverter<DateTime>
    {
        const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTime().ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture));
    }
}
