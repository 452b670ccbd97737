using System.Security.Cryptography;
using System.Text;

namespace AliyunAccessKey.Client;

/// <summary>RPC signature version 1.0 (HMAC-SHA1): legacy, still accepted by IMS and STS.</summary>
internal sealed class RpcSigner : IRequestSigner
{
    /// <summary>The one instance: a signer holds no state.</summary>
    internal static readonly RpcSigner Instance = new();

    private RpcSigner()
    {
    }

    /// <summary>Everything, the common parameters and the signature included, goes in the query string.</summary>
    public HttpRequestMessage CreateRequest(Uri endpoint, AcsRequest request, AcsCredential credential, string timestamp, string nonce)
    {
        var parameters = new List<KeyValuePair<string, string>>(request.Parameters)
        {
            new("Action", request.Action),
            new("Version", request.Version),
            new("Format", "JSON"),
            new("AccessKeyId", credential.AccessKeyId),
            new("SignatureMethod", "HMAC-SHA1"),
            new("SignatureVersion", "1.0"),
            new("SignatureNonce", nonce),
            new("Timestamp", timestamp),
        };
        if (credential.RevealSecurityToken() is { } token)
        {
            parameters.Add(new("SecurityToken", token));
        }

        parameters.Add(new("Signature", Sign("POST", parameters, credential)));
        return Signers.EmptyPost(endpoint, "/?" + AcsEncoding.CanonicalQuery(parameters));
    }
    /// <summary>The string to sign: METHOD&amp;%2F&amp;encode(canonical query), the Signature parameter excluded.</summary>
    internal static string StringToSign(string method, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var canonical = AcsEncoding.CanonicalQuery(parameters.Where(static p => p.Key != "Signature"));
        return method.ToUpperInvariant() + "&" + AcsEncoding.PercentEncode("/") + "&" + AcsEncoding.PercentEncode(canonical);
    }

    /// <summary>base64(HMAC-SHA1(secret + "&amp;", string to sign)).</summary>
    internal static string Sign(string method, IEnumerable<KeyValuePair<string, string>> parameters, AcsCredential credential)
    {
        var stringToSign = StringToSign(method, parameters);
        return credential.UseSecret(secret =>
        {
            var key = new byte[secret.Length + 1];
            try
            {
                Buffer.BlockCopy(secret, 0, key, 0, secret.Length);
                key[secret.Length] = (byte)'&';
#pragma warning disable CA5350 // HMAC-SHA1 is what signature version 1.0 is defined with.
                using var hmac = new HMACSHA1(key);
#pragma warning restore CA5350
                return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
            }
            finally
            {
                Array.Clear(key, 0, key.Length);
            }
        });
    }
}
