using System.Net;
using System.Text;

namespace AliyunAccessKey.Tests.Client;

/// <summary>An HTTP handler that answers from a script and records every request it saw.</summary>
public sealed class FakeHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, CancellationToken, HttpResponseMessage>> _script = new();

    public List<HttpRequestMessage> Requests { get; } = [];

    public int SyncSends { get; private set; }

    public FakeHandler Then(Func<HttpRequestMessage, HttpResponseMessage> responder) => Then((r, _) => responder(r));

    public FakeHandler Then(Func<HttpRequestMessage, CancellationToken, HttpResponseMessage> responder)
    {
        _script.Enqueue(responder);
        return this;
    }

    /// <summary>Never answers: waits until the request's token is cancelled (a timeout or Ctrl+C).</summary>
    public FakeHandler ThenHang() => Then((_, ct) =>
    {
        ct.WaitHandle.WaitOne();
        throw new TaskCanceledException("The request was canceled.", null, ct);
    });

    public FakeHandler ThenJson(HttpStatusCode status, string json, Action<HttpResponseMessage>? adjust = null) =>
        Then(_ =>
        {
            var response = Json(status, json);
            adjust?.Invoke(response);
            return response;
        });

    public FakeHandler ThenError(HttpStatusCode status, string code, string message = "m") =>
        ThenJson(status, $"{{\"RequestId\":\"req-{code}\",\"HostId\":\"ims.aliyuncs.com\",\"Code\":\"{code}\",\"Message\":\"{message}\",\"Recommend\":\"https://api.aliyun.com/troubleshoot?q={code}\"}}");

    public FakeHandler ThenThrow(Exception ex) => Then(_ => throw ex);

    public static HttpResponseMessage Json(HttpStatusCode status, string json) => new(status)
    {
        Content = new StringContent(json, Encoding.UTF8, "application/json"),
    };

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        SyncSends++;
        return Next(request, cancellationToken);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Next(request, cancellationToken));

    private HttpResponseMessage Next(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Requests.Add(request);
        if (_script.Count == 0)
        {
            throw new InvalidOperationException($"unexpected request #{Requests.Count}: {request.RequestUri}");
        }

        return _script.Dequeue()(request, cancellationToken);
    }
}
