using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Indexer.Api;

/// <summary>
/// Kestrel answers a request it cannot read (a request line past its limit: 414; headers past theirs: 431; a
/// malformed request line, such as a URL with raw non-ASCII bytes: 400) before any middleware runs, with an
/// empty body, and offers no hook to change that. This connection middleware rewrites exactly those answers,
/// on their way out, into problem+json: an empty 4xx (or 505) that closes the connection is one only Kestrel sends,
/// since every error the application writes has a problem body.
/// </summary>
public static class KestrelRejections
{
    /// <summary>The limits a refused client is told about.</summary>
    public sealed record Limits(KestrelServerLimits Server, int MaxQueryLength);

    public static ConnectionDelegate Middleware(ConnectionDelegate next, Limits limits) => connection =>
    {
        var transport = connection.Transport;
        connection.Transport = new DuplexPipe(transport.Input, new RewritingWriter(transport.Output, limits));
        return next(connection);
    };

    /// <summary>What to tell the client for each status Kestrel refuses with.</summary>
    public static string Detail(int status, Limits limits) => status switch
    {
        StatusCodes.Status400BadRequest =>
            "the request is not valid HTTP and was refused before it reached the service; most often the URL holds raw spaces or non-ASCII letters: percent-encode them as UTF-8 (curl --get --data-urlencode 'q=…' does)",
        StatusCodes.Status408RequestTimeout => "the request headers did not arrive in time",
        StatusCodes.Status413PayloadTooLarge => $"the request body is larger than {limits.Server.MaxRequestBodySize} bytes; this API reads no bodies",
        StatusCodes.Status414UriTooLong =>
            $"the request line is longer than {limits.Server.MaxRequestLineSize} bytes; q may be at most {limits.MaxQueryLength} characters (Search:MaxQueryLength)",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => $"the request headers are larger than {limits.Server.MaxRequestHeadersTotalSize} bytes in total",
        StatusCodes.Status505HttpVersionNotsupported => "this service speaks HTTP/1.1 and HTTP/1.0 in plain text (HTTP/2 only when negotiated, never named in a request line)",
        _ => "the request was refused before it reached the service",
    };

    /// <summary>
    /// The problem response that replaces Kestrel's empty one, or null when <paramref name="response"/> is not
    /// such an answer. Kestrel writes such an answer (status line and headers, no body) in one piece.
    /// </summary>
    public static byte[]? Rewrite(ReadOnlySpan<byte> response, Limits limits)
    {
        if (response.Length < 16 || response.Length > 1024 || !(response.StartsWith("HTTP/1.1 4"u8) || response.StartsWith("HTTP/1.1 505 "u8)) || !response.EndsWith("\r\n\r\n"u8))
            return null;
        var head = Encoding.ASCII.GetString(response);
        if (!head.Contains("\r\nContent-Length: 0\r\n", StringComparison.Ordinal)
            || !head.Contains("\r\nConnection: close\r\n", StringComparison.Ordinal)
            || !int.TryParse(head.AsSpan(9, 3), out var status))
            return null;
        var reason = head[13..head.IndexOf("\r\n", StringComparison.Ordinal)];
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = status switch
            {
                StatusCodes.Status431RequestHeaderFieldsTooLarge => "https://tools.ietf.org/html/rfc6585#section-5",
                StatusCodes.Status505HttpVersionNotsupported => "https://tools.ietf.org/html/rfc9110#section-15.6.6",
                _ => $"https://tools.ietf.org/html/rfc9110#section-15.5.{status - 399}",
            },
            ["title"] = reason,
            ["status"] = status,
            ["detail"] = Detail(status, limits),
        }, JsonDefaults.Create());
        var headers = head.Replace("\r\nContent-Length: 0\r\n", $"\r\nContent-Type: application/problem+json\r\nContent-Length: {body.Length}\r\n", StringComparison.Ordinal);
        return [.. Encoding.ASCII.GetBytes(headers), .. body];
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }

    /// <summary>Passes every write through, except a Kestrel rejection, which it replaces.</summary>
    private sealed class RewritingWriter(PipeWriter inner, Limits limits) : PipeWriter
    {
        private Memory<byte> _current;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _current = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override void Advance(int bytes)
        {
            if (bytes > 0 && Rewrite(_current.Span[..bytes], limits) is { } replacement)
            {
                // The buffer Kestrel filled is dropped unadvanced; the replacement goes out in its place.
                inner.Write(replacement);
                return;
            }
            inner.Advance(bytes);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
        public override void CancelPendingFlush() => inner.CancelPendingFlush();
        public override void Complete(Exception? exception = null) => inner.Complete(exception);
        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;
        public override long UnflushedBytes => inner.UnflushedBytes;
    }
}
