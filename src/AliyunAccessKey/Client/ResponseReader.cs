using System.Runtime.Serialization;
using System.Xml;
using System.Xml.Linq;

namespace AliyunAccessKey.Client;

/// <summary>
/// Reads an answer: the JSON body of a success, or the <see cref="AliyunException"/> it stands for
/// (the service's error code when it gave one, else what was wrong with the answer). Messages never
/// quote the body: a CreateAccessKey answer holds a secret.
/// </summary>
internal static class ResponseReader
{
    /// <summary>The body of a successful answer.</summary>
    /// <exception cref="AliyunServiceException">The service answered with an error code.</exception>
    /// <exception cref="AliyunResponseException">The answer is not JSON, or an error without a code.</exception>
    internal static XElement Read(string action, TransportResponse response)
    {
        var success = response.Status is >= 200 and < 300;
        XElement root;
        try
        {
            root = Json.Parse(response.Body);
        }
        catch (Exception ex) when (ex is XmlException or SerializationException or ArgumentException)
        {
            throw new AliyunResponseException(
                action,
                response.Status,
                success ? $"{action}: the answer (HTTP {response.Status}) is not the JSON expected." : $"{action} failed with HTTP {response.Status} and an answer that is not JSON.",
                ex);
        }

        // No IMS or STS success carries a Code: a 200 that does (a gateway, an old API version)
        // is an error, or a "disabled" key would silently stay active.
        var code = root.Str("Code");
        if (success && string.IsNullOrEmpty(code))
        {
            return root;
        }

        if (string.IsNullOrEmpty(code))
        {
            throw new AliyunResponseException(action, response.Status, $"{action} failed with HTTP {response.Status} and no error code.", null);
        }

        throw new AliyunServiceException(
            action,
            response.Status,
            code!,
            root.Str("Message"),
            root.Str("RequestId") ?? response.RequestId,
            root.Str("HostId"),
            root.Str("Recommend"),
            response.ServerDate,
            response.RetryAfter);
    }
}
