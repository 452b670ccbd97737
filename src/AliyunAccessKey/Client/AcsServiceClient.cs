using System.Xml.Linq;

namespace AliyunAccessKey.Client;

/// <summary>
/// One Alibaba Cloud API (IMS, STS) at one endpoint, over a shared <see cref="AcsClient"/>: what
/// the API clients have in common, so each holds only its own actions.
/// </summary>
internal abstract class AcsServiceClient
{
    private readonly AcsClient _client;
    private readonly ServiceEndpoint _endpoint;

    /// <summary>For the module's own API clients only; the endpoint was checked when it was made.</summary>
    private protected AcsServiceClient(AcsClient client, ServiceEndpoint endpoint)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
    }

    /// <summary>Where requests go.</summary>
    public Uri Endpoint => _endpoint.Uri;

    /// <summary>A success that lacks a field it must have: unreadable, never a half-filled result.</summary>
    internal static AliyunResponseException Missing(string action, string field) =>
        new(action, 200, $"{action}: the answer has no {field}.", null);

    /// <summary>Sends <paramref name="request"/> to this API's endpoint; signed with <paramref name="credential"/> when given.</summary>
    private protected XElement Call(AcsRequest request, CancellationToken cancellationToken, AcsCredential? credential = null) =>
        _client.Invoke(_endpoint, request, cancellationToken, credential);
}
