namespace ChatApp.Modules;

public static class ClientAddress
{
    // Behind a reverse proxy every client shares the proxy's address; see SECURITY.md.
    public static string Of(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
