using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AliyunAccessKey.Tests.Client;

/// <summary>
/// A TcpListener on 127.0.0.1 that reads each request's head and then runs the test's
/// behaviour on the raw stream; the connection closes when the behaviour returns.
/// </summary>
internal sealed class RawServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _heads = [];
    private int _connections;

    public RawServer(Func<Stream, CancellationToken, Task> behave)
    {
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                Interlocked.Increment(ref _connections);
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        try
                        {
                            var stream = client.GetStream();
                            var head = await ReadHead(stream, _stop.Token);
                            lock (_heads)
                            {
                                _heads.Add(head);
                            }

                            await behave(stream, _stop.Token);
                        }
                        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                        {
                            // The client gave up or the test ended: nothing to answer.
                        }
                    }
                });
            }
        });
    }

    public Uri Endpoint { get; }

    public int Connections => Volatile.Read(ref _connections);

    public IReadOnlyList<string> Heads
    {
        get
        {
            lock (_heads)
            {
                return [.. _heads];
            }
        }
    }

    private static async Task<string> ReadHead(Stream stream, CancellationToken ct)
    {
        // Requests carry no body (Content-Length: 0), so the head is all there is to read.
        var head = new StringBuilder();
        var buffer = new byte[8192];
        while (head.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal) < 0)
        {
            var n = await stream.ReadAsync(buffer, ct);
            if (n == 0)
            {
                break;
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        return head.ToString();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}

/// <summary>What a <see cref="RawServer"/> can answer: a head and a body as given, or nothing at all.</summary>
internal static class RawAnswers
{
    internal static byte[] Head(int status, long? contentLength, string contentType = "application/json", params string[] extra)
    {
        var text = new StringBuilder($"HTTP/1.1 {status} Status\r\nConnection: close\r\n");
        if (contentType.Length > 0)
        {
            text.Append("Content-Type: ").Append(contentType).Append("\r\n");
        }

        if (contentLength is long n)
        {
            text.Append("Content-Length: ").Append(n).Append("\r\n");
        }

        foreach (var h in extra)
        {
            text.Append(h).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(text.Append("\r\n").ToString());
    }

    internal static Func<Stream, CancellationToken, Task> Answer(int status, string body, string contentType = "application/json", params string[] extra) =>
        Answer(status, Encoding.UTF8.GetBytes(body), contentType, extra);

    internal static Func<Stream, CancellationToken, Task> Answer(int status, byte[] body, string contentType = "application/json", params string[] extra) =>
        async (stream, ct) =>
        {
            await stream.WriteAsync(Head(status, body.Length, contentType, extra), ct);
            await stream.WriteAsync(body, ct);
            await stream.FlushAsync(ct);
        };

    internal static Func<Stream, CancellationToken, Task> Hang => static (_, ct) => Task.Delay(Timeout.Infinite, ct);
}
