namespace ChatApp.Contracts;

public static class Time
{
    public static DateTime FromUnixMs(long ms) => DateTime.UnixEpoch.AddMilliseconds(ms);
}
