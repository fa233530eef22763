using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Indexer.Articles;

namespace Indexer.Alerts;

/// <summary>
/// The body of a delivery: <c>{"alert", "deliveryId", "article": {id, title, url, feedId, published, author, snippet}}</c>,
/// written once at match time; every attempt sends these exact bytes, so the signature never changes either.
/// </summary>
public static class AlertPayload
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="snippet">HTML-escaped with matched words in &lt;mark&gt;, as /search gives it.</param>
    /// <param name="test">A sample from <c>test-alert</c>, marked so a receiver can tell it from news.</param>
    public static string Create(string alertId, string deliveryId, Article article, string snippet, bool test = false)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("alert", alertId);
            json.WriteString("deliveryId", deliveryId);
            if (test) json.WriteBoolean("test", true);
            json.WriteStartObject("article");
            json.WriteString("id", article.Id);
            json.WriteString("title", article.Title);
            json.WriteString("url", article.Url);
            json.WriteString("feedId", article.FeedId);
            // As the API writes times: UTC, to the millisecond, ending in Z.
            json.WriteString("published", article.Published?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", CultureInfo.InvariantCulture));
            json.WriteString("author", article.Author);
            json.WriteString("snippet", snippet);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A new delivery id: unique, and ordered by time, which makes logs easier to follow.</summary>
    public static string NewDeliveryId() => Guid.CreateVersion7().ToString("N");
}
