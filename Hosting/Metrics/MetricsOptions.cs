using System.ComponentModel.DataAnnotations;

namespace ChatApp.Hosting.Metrics;

/// <summary>
/// Prometheus metrics, off by default. When on, they are served on their own port, bound to 127.0.0.1 only:
/// never on the public port, and a scraper on another machine goes through the operator's own proxy or tunnel.
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    public bool Enabled { get; set; }

    [Range(1, 65535, ErrorMessage = "Metrics:Port must be a TCP port from 1 to 65535")]
    public int Port { get; set; } = 9464;
}
