# A tiny local stand-in for IMS and STS that answers with canned JSON (the real service's shapes,
# from spec/alibaba-openapi.json) and records every request. For behaviour the emulator does not
# have, or to see exactly what the module sent. It verifies no signature.
#
#   $fake = New-FakeAliyun
#   $fake.Answer('ListUsers', '{...}')                      # any request for ListUsers
#   $fake.Answer('ListUsers', 'active,freeze', '{...}')     # only when Status=active,freeze ('' = no Status)
#   $fake.Answer('AssumeRole', 400, '{"Code":"..."}')       # an error
#   $fake.Requests                                           # Action, Query (decoded parameters), Status
#   $fake.Dispose()
if (-not ('PesterFakes.FakeAliyun' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Web;

namespace PesterFakes
{
    public sealed class FakeRequest
    {
        public string Action { get; set; }
        public NameValueCollection Query { get; set; }
        public string Status { get { return Query["Status"]; } }
    }

    public sealed class FakeAliyun : IDisposable
    {
        private readonly HttpListener _listener = new HttpListener();
        private readonly ConcurrentDictionary<string, KeyValuePair<int, string>> _answers = new ConcurrentDictionary<string, KeyValuePair<int, string>>();
        private readonly ConcurrentQueue<FakeRequest> _requests = new ConcurrentQueue<FakeRequest>();
        private readonly Thread _thread;

        public FakeAliyun()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Address = new Uri("http://127.0.0.1:" + port + "/");
            _listener.Prefixes.Add(Address.ToString());
            _listener.Start();
            _thread = new Thread(Serve) { IsBackground = true };
            _thread.Start();
        }

        public Uri Address { get; private set; }

        public FakeRequest[] Requests { get { return _requests.ToArray(); } }

        public void Answer(string action, string json) { _answers[action] = new KeyValuePair<int, string>(200, json); }

        public void Answer(string action, int status, string json) { _answers[action] = new KeyValuePair<int, string>(status, json); }

        public void Answer(string action, string statusParameter, string json) { _answers[action + "|" + statusParameter] = new KeyValuePair<int, string>(200, json); }

        public void Clear() { FakeRequest ignored; while (_requests.TryDequeue(out ignored)) { } }

        private void Serve()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = _listener.GetContext(); }
                catch (Exception) { return; }
                try
                {
                    var query = HttpUtility.ParseQueryString(context.Request.Url.Query);
                    var action = context.Request.Headers["x-acs-action"] ?? query["Action"] ?? string.Empty;
                    _requests.Enqueue(new FakeRequest { Action = action, Query = query });
                    KeyValuePair<int, string> answer;
                    if (!_answers.TryGetValue(action + "|" + (query["Status"] ?? string.Empty), out answer) && !_answers.TryGetValue(action, out answer))
                    {
                        answer = new KeyValuePair<int, string>(404, "{\"RequestId\":\"fake\",\"Code\":\"InvalidAction.NotFound\",\"Message\":\"no canned answer\"}");
                    }

                    var body = Encoding.UTF8.GetBytes(answer.Value);
                    context.Response.StatusCode = answer.Key;
                    context.Response.ContentType = "application/json;charset=utf-8";
                    context.Response.ContentLength64 = body.Length;
                    context.Response.OutputStream.Write(body, 0, body.Length);
                    context.Response.Close();
                }
                catch (Exception)
                {
                    try { context.Response.Abort(); } catch (Exception) { }
                }
            }
        }

        public void Dispose()
        {
            try { _listener.Stop(); _listener.Close(); } catch (Exception) { }
        }
    }
}
'@
}

function New-FakeAliyun {
    # A fake that already answers GetCallerIdentity as a RAM user (so Connect-AliyunAccount works and warns of nothing).
    $fake = [PesterFakes.FakeAliyun]::new()
    $fake.Answer('GetCallerIdentity', '{"RequestId":"fake","IdentityType":"RAMUser","AccountId":"1234567890123456","UserId":"200000000000000001","PrincipalId":"200000000000000001","Arn":"acs:ram::1234567890123456:user/fake-admin"}')
    $fake
}

function Connect-FakeAliyun {
    # Connects to the fake (it becomes the session's current connection) and returns its context.
    param($Fake, [hashtable] $Parameters = @{})
    $credential = [pscredential]::new('LTAI5tFakeCaller000001', (ConvertTo-SecureString 'fake-caller-secret' -AsPlainText -Force))
    Connect-AliyunAccount -Credential $credential -Endpoint $Fake.Address -PassThru -MaxAttempts 1 @Parameters
}
