using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatApp.Hosting.Health;

/// <summary>
/// The health report as JSON in the shape the ASP.NET health-checks tooling (HealthChecks UI, monitors)
/// reads: <c>status</c>, <c>totalDuration</c>, one entry per check. Exception texts stay in the log.
/// </summary>
public static class HealthReportWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteString("totalDuration", report.TotalDuration.ToString());
        json.WriteStartObject("entries");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("description", entry.Description);
            json.WriteString("duration", entry.Duration.ToString());
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
