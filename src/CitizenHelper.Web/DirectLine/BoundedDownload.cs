namespace CitizenHelper.Web.DirectLine;

/// <summary>
/// Reads a body no further than a limit: a file a channel hosts (an attachment, a Zalo photo) or a request body
/// (a Zalo event). A sender that lies about its length, or sends no length at all, still cannot make the service
/// hold more than the limit.
/// </summary>
public static class BoundedDownload
{
    private const int ChunkBytes = 81920;

    /// <summary>The file at <paramref name="uri"/>; null when the answer is not a success or is over <paramref name="max"/> bytes.</summary>
    public static async Task<byte[]?> GetAsync(HttpClient client, Uri uri, long max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > max)
        {
            return null;
        }
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(body, max, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The stream's bytes; null as soon as they are over <paramref name="max"/> (read no further).</summary>
    public static async Task<byte[]?> ReadAsync(Stream body, long max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        var chunk = new byte[ChunkBytes];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
