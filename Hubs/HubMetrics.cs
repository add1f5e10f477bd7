using System.Diagnostics.Metrics;

namespace ChatApp.Hubs;

public static class HubMetrics
{
    public const string MeterName = "ChatApp.Hubs";

    static readonly Meter Meter = new(MeterName);

    internal static readonly UpDownCounter<long> Connections = Meter.CreateUpDownCounter<long>(
        "chatapp.hub.connections", "{connection}", "Open, authenticated hub connections");
}
