using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChatApp.Bench.Infrastructure;

namespace ChatApp.Bench.Reporting;

/// <summary>Collects the rows of one bench run, prints them as a table and writes them as JSON.</summary>
public sealed class Report
{
    readonly List<ResultRow> _rows = [];
    readonly Dictionary<string, string> _notes = [];

    public DateTime StartedUtc { get; } = DateTime.UtcNow;
    public string LoadAverageAtStart { get; } = ProcStats.LoadAverage();

    public void Add(ResultRow row)
    {
        _rows.Add(row);
        Console.WriteLine($"  {row.Scenario} {row.Case}: {Describe(row)}");
    }

    public void Note(string key, string value) => _notes[key] = value;

    public string Table()
    {
        var lines = new List<string[]>
        {
            new[] { "scenario", "case", "ops/s", "p50 ms", "p99 ms", "max ms", "vs floor", "other", "target", "met" },
        };
        foreach (var r in _rows)
            lines.Add([
                r.Scenario, r.Case, Num(r.PerSecond, "N0"), Num(r.P50Ms, "0.00"), Num(r.P99Ms, "0.00"), Num(r.MaxMs, "0.0"),
                r.VsFloor is { } v ? $"{v:0.00}× {r.FloorName}" : "",
                string.Join(", ", r.Figures.Select(f => $"{f.Key} {f.Value.ToString("0.##", CultureInfo.InvariantCulture)}")
                    .Concat(r.Errors is > 0 ? [$"errors {r.Errors}"] : [])),
                r.Target ?? "",
                r.TargetMet switch { true => "yes", false => "NO", null => "" },
            ]);
        var widths = Enumerable.Range(0, lines[0].Length).Select(c => lines.Max(l => l[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var (line, index) in lines.Select((l, i) => (l, i)))
        {
            text.Append("| ").AppendJoin(" | ", line.Select((cell, c) => cell.PadRight(widths[c]))).AppendLine(" |");
            if (index == 0)
                text.Append("|").AppendJoin("|", widths.Select(w => new string('-', w + 2))).AppendLine("|");
        }
        return text.ToString();
    }

    public string WriteJson(bool quick)
    {
        Directory.CreateDirectory(RepoPaths.ResultsDir);
        var path = Path.Combine(RepoPaths.ResultsDir,
            $"{StartedUtc:yyyyMMdd-HHmmss}{(quick ? "-quick" : "")}.json");
        var document = new
        {
            started_utc = StartedUtc,
            finished_utc = DateTime.UtcNow,
            quick,
            machine = new
            {
                processors = Environment.ProcessorCount,
                load_average_at_start = LoadAverageAtStart,
                load_average_at_end = ProcStats.LoadAverage(),
                runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            },
            notes = _notes,
            rows = _rows,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        }));
        return path;
    }

    static string Describe(ResultRow r) => string.Join(", ", new[]
        {
            r.PerSecond is { } s ? $"{s:N0}/s" : null,
            r.P50Ms is { } p50 ? $"p50 {p50:0.00} ms" : null,
            r.P99Ms is { } p99 ? $"p99 {p99:0.00} ms" : null,
            r.MaxMs is { } max ? $"max {max:0.0} ms" : null,
            r.VsFloor is { } v ? $"{v:0.00}× {r.FloorName}" : null,
            r.Errors is > 0 ? $"errors {r.Errors}" : null,
        }.Concat(r.Figures.Select(f => $"{f.Key} {f.Value:0.##}")).Where(x => x is not null));

    static string Num(double? value, string format) =>
        value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "";
}
