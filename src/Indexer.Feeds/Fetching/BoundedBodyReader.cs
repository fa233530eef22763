namespace Indexer.Feeds.Fetching;

/// <summary>Reads a body into memory without ever holding more than the cap.</summary>
internal static class BoundedBodyReader
{
    private const int InitialBuffer = 64 * 1024;

    /// <exception cref="ResponseTooLargeException">The stream holds more than <paramref name="maxBytes"/>.</exception>
    public static async Task<byte[]> ReadAsync(Stream stream, long maxBytes, long? declaredLength, CancellationToken cancellationToken)
    {
        if (declaredLength > maxBytes)
            throw new ResponseTooLargeException();
        var cap = (int)maxBytes;
        var buffer = new byte[Math.Max(1, (int)Math.Min(declaredLength ?? InitialBuffer, cap))];
        var count = 0;
        while (true)
        {
            if (count == buffer.Length)
            {
                if (count == cap)
                {
                    // Exactly at the cap: one more byte means too large, end of stream means it fits.
                    var probe = new byte[1];
                    if (await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0)
                        throw new ResponseTooLargeException();
                    return buffer;
                }
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, cap));
            }
            var read = await stream.ReadAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                return count == buffer.Length ? buffer : buffer[..count];
            count += read;
        }
    }
}

/// <summary>The body passed the configured size cap; reading stopped there.</summary>
internal sealed class ResponseTooLargeException() : Exception("response too large");
