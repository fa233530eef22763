using System.Globalization;
using System.Security.Cryptography;

namespace Indexer.Feeds.Fetching;

/// <summary>Builds the <see cref="FetchResult"/>s shared by HTTP and file fetches, and the wording of their errors.</summary>
internal static class FetchResults
{
    public static FetchResult Failed(Uri url, string error, int? httpStatus = null) =>
        new() { Status = FetchStatus.Failed, FinalUrl = url, Error = error, HttpStatus = httpStatus };

    /// <summary>Fetched, or Unchanged when the body hashes to what the caller saw last time.</summary>
    public static FetchResult FromBody(byte[] body, FetchRequest request, Uri finalUrl)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(body));
        var unchanged = string.Equals(hash, request.LastBodyHash, StringComparison.OrdinalIgnoreCase);
        return new FetchResult
        {
            Status = unchanged ? FetchStatus.Unchanged : FetchStatus.Fetched,
            // An unchanged body has nothing to parse; not handing it back lets it be collected at once.
            Body = unchanged ? null : body,
            BodyHash = hash,
            Bytes = body.LongLength,
            FinalUrl = finalUrl,
        };
    }

    public static string TooLarge(string what, long maxBytes) => $"{what} larger than {Size(maxBytes)} limit";

    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024} KB",
        _ => $"{bytes} bytes",
    };

    public static string Seconds(TimeSpan duration) =>
        duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
