using ChatApp.Features.Messages;

namespace ChatApp.Modules;

/// <summary>The RFC 8288 <c>Link</c> header of a history page: <c>next</c> is older messages, <c>prev</c> newer ones.</summary>
public static class PageLinks
{
    public static string? Of(int otherUserId, History history)
    {
        if (history.Limit is not { } limit)
            return null;
        var links = new List<string>(2);
        if (history.Older is { } older)
            links.Add($"</message/{otherUserId}?limit={limit}&{older}>; rel=\"next\"");
        if (history.Newer is { } newer)
            links.Add($"</message/{otherUserId}?limit={limit}&{newer}>; rel=\"prev\"");
        return links.Count > 0 ? string.Join(", ", links) : null;
    }
}
