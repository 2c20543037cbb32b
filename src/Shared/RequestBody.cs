using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace StarBot.Web;

/// <summary>
/// A request body read whole, up to a cap, before anything parses it: what each platform edge does first (Slack
/// verifies the signature over these raw bytes). Linked into the edge projects, which share no other project.
/// </summary>
internal static class RequestBody
{
    /// <summary>The body, or the status to refuse it with: 413 above <paramref name="max"/> bytes, 400 when it ends before its Content-Length.</summary>
    public static async Task<(byte[]? Body, int Refusal)> ReadAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength > max)
        {
            return (null, StatusCodes.Status413PayloadTooLarge);
        }

        if (request.ContentLength is { } length)
        {
            // The usual case (Slack and the Bot Framework send Content-Length): read straight into an array of that size.
            var body = new byte[length];
            var filled = 0;
            int read;
            while (filled < body.Length && (read = await request.Body.ReadAsync(body.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += read;
            }

            return filled < body.Length ? (null, StatusCodes.Status400BadRequest) : (body, 0);
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > max)
                {
                    return (null, StatusCodes.Status413PayloadTooLarge);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return (buffer.ToArray(), 0);
    }
}
