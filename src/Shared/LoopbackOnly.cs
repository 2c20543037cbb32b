using System.Net;
using Microsoft.AspNetCore.Http;

namespace StarBot.Web;

/// <summary>
/// The rule for the unauthenticated endpoints (the Emulator's Teams mode, the webhook platform): a direct caller on
/// this machine only. Behind a reverse proxy on the same host every request arrives from loopback, so the
/// connecting address proves nothing once a forwarding header is present: such requests are refused outright.
/// Linked into the projects that need it, which share no other project.
/// </summary>
internal static class LoopbackOnly
{
    private static readonly string[] ProxyHeaders = ["Forwarded", "X-Forwarded-For", "X-Real-IP"];

    /// <summary>Why the request is refused (answer 403 with it), or null for a direct loopback caller.</summary>
    public static string? Refusal(HttpContext http)
    {
        foreach (var header in ProxyHeaders)
        {
            if (http.Request.Headers.ContainsKey(header))
            {
                return $"requests forwarded by a proxy ({header}) are refused: this endpoint answers direct loopback callers only";
            }
        }

        var address = http.Connection.RemoteIpAddress;
        return address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)
            ? null
            : "this endpoint answers loopback callers only";
    }

    /// <summary>Whether an address the service would call is on this machine (<c>localhost</c> or a loopback IP).</summary>
    public static bool IsLoopback(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
