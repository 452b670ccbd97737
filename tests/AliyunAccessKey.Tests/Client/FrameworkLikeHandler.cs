using AliyunAccessKey.Client;

namespace AliyunAccessKey.Tests.Client;

/// <summary>
/// The module's default handler, made to behave as .NET Framework's does for the transport: no
/// synchronous Send (so the transport takes its SendAsync fallback, the Framework's path), the
/// token dropped once the headers are in, and a response stream whose reads ignore the token.
/// </summary>
internal sealed class FrameworkLikeHandler : HttpMessageHandler
{
    private readonly HttpMessageInvoker _inner = new(HttpTransport.CreateDefaultHandler(), disposeHandler: true);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;

        // The token counts until the headers are in, then it is dropped, as the Framework's HttpClientHandler does.
        using (var untilHeaders = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            response = await _inner.SendAsync(request, untilHeaders.Token);
        }

        var original = response.Content;
        var content = new StreamContent(new TokenIgnoringStream(await original.ReadAsStreamAsync(cancellationToken)));
        foreach (var header in original.Headers)
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = content;
        return response;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Passes reads through without their token.</summary>
    private sealed class TokenIgnoringStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, CancellationToken.None);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, CancellationToken.None);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
