using System.Security.Cryptography;
using System.Text;
using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Api;
using AliyunAccessKey.Emulator.Features.AccessKeys;
using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Signing;

/// <summary>The verified caller and, for a permanent key, the key (its last use is recorded).</summary>
internal sealed record Authenticated(Caller Caller, AccessKeyRecord? Key);

/// <summary>
/// Verifies a request the way the service does: signature parts present, timestamp within 15
/// minutes, key known and active, STS token matching and unexpired, signature equal to the one
/// computed from the request as received, nonce not seen before.
/// </summary>
internal sealed class RequestAuthenticator
{
    public static readonly TimeSpan TimestampWindow = TimeSpan.FromMinutes(15);

    private readonly AccountRoot _account;
    private readonly NonceCache _nonces;

    public RequestAuthenticator(AccountRoot account, NonceCache nonces)
    {
        _account = account;
        _nonces = nonces;
    }

    private sealed record Claim(string AccessKeyId, string Timestamp, string Nonce, string? SecurityToken, string Signature, string StringToSign, bool Acs3);

    public Authenticated Authenticate(ApiRequest request, DateTime now)
    {
        var claim = request.IsAcs3 ? ReadAcs3(request) : ReadRpc(request);

        if (!AcsEncoding.TryParseTimestamp(claim.Timestamp, out var timestamp))
        {
            throw Errors.TimestampFormat();
        }

        if ((now - timestamp).Duration() > TimestampWindow)
        {
            throw Errors.TimestampExpired();
        }

        var (secret, result) = ResolveKey(claim, now);

        var expected = claim.Acs3 ? Acs3Signature.Sign(secret, claim.StringToSign) : RpcSignature.Sign(secret, claim.StringToSign);
        var provided = claim.Acs3 ? claim.Signature.ToLowerInvariant() : claim.Signature;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(provided)))
        {
            throw Errors.SignatureDoesNotMatch(claim.StringToSign);
        }

        // Only a verified request uses up its nonce: a bad signature must not block the retry.
        if (!_nonces.TryUse(claim.AccessKeyId, claim.Nonce, now))
        {
            throw Errors.NonceUsed();
        }

        return result;
    }

    private (string Secret, Authenticated Result) ResolveKey(Claim claim, DateTime now)
    {
        if (claim.AccessKeyId.StartsWith("STS.", StringComparison.Ordinal))
        {
            var session = _account.Read(s => s.Sts.FindSession(claim.AccessKeyId)) ?? throw Errors.KeyNotFound();
            if (string.IsNullOrEmpty(claim.SecurityToken))
            {
                throw Errors.MissingSecurityToken();
            }

            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(claim.SecurityToken), Encoding.UTF8.GetBytes(session.SecurityToken)))
            {
                throw Errors.TokenMismatch();
            }

            if (now >= session.Expiration)
            {
                throw Errors.TokenExpired();
            }

            return (session.Secret, new Authenticated(new Caller(IdentityType.AssumedRoleUser, session.AccessKeyId, null, session), null));
        }

        var key = _account.Read(s => s.AccessKeys.Find(claim.AccessKeyId)) ?? throw Errors.KeyNotFound();
        if (!key.Active)
        {
            throw Errors.KeyInactive();
        }

        if (!string.IsNullOrEmpty(claim.SecurityToken))
        {
            throw Errors.TokenMismatch();
        }

        var caller = key.Owner is null
            ? new Caller(IdentityType.Account, key.Id, null, null)
            : new Caller(IdentityType.RamUser, key.Id, key.Owner, null);
        return (key.Secret, new Authenticated(caller, key));
    }

    private static Claim ReadAcs3(ApiRequest request)
    {
        var auth = Acs3Authorization.Parse(request.Authorization!)
            ?? throw Errors.IncompleteSignature("The Authorization header must be <algorithm> Credential=<id>,SignedHeaders=<names>,Signature=<hex>.");
        if (auth.Algorithm != Acs3Authorization.HmacSha256)
        {
            throw Errors.IncompleteSignature($"The signature algorithm {auth.Algorithm} is not supported here; use {Acs3Authorization.HmacSha256}.");
        }

        var date = request.Header("x-acs-date") ?? throw new AcsException(400, "MissingTimestamp", "The x-acs-date header is mandatory for this action.");
        var nonce = request.Header("x-acs-signature-nonce") ?? throw new AcsException(400, "MissingSignatureNonce", "The x-acs-signature-nonce header is mandatory for this action.");
        var contentSha = request.Header("x-acs-content-sha256") ?? throw Errors.IncompleteSignature("The x-acs-content-sha256 header is missing.");

        // Every x-acs-* header and host must be covered by the signature, or they could be altered in transit.
        foreach (var name in request.HeaderNames)
        {
            if ((name == "host" || name.StartsWith("x-acs-", StringComparison.Ordinal)) && !auth.SignedHeaders.Contains(name))
            {
                throw Errors.IncompleteSignature($"The header {name} must be in SignedHeaders.");
            }
        }

        var canonical = Acs3Signature.CanonicalRequest(request.Method, request.Path, request.Query, auth.SignedHeaders, request.Header, contentSha);
        var stringToSign = Acs3Signature.StringToSign(canonical);
        if (!string.Equals(contentSha, Acs3Signature.Sha256Hex(request.Body), StringComparison.OrdinalIgnoreCase))
        {
            throw new AcsException(400, "SignatureDoesNotMatch", "The x-acs-content-sha256 header does not match the SHA-256 of the request body. " + Errors.SignatureMismatchPrefix + stringToSign);
        }

        return new Claim(auth.AccessKeyId, date, nonce, request.Header("x-acs-security-token"), auth.Signature, stringToSign, Acs3: true);
    }

    private static Claim ReadRpc(ApiRequest request)
    {
        var signature = request.Param("Signature");
        var accessKeyId = request.Param("AccessKeyId");
        if (signature is null)
        {
            // Neither scheme's credentials: a V3-style request (no Action parameter) lacks its Authorization header.
            if (accessKeyId is null && request.Param("Action") is null)
            {
                throw Errors.IncompleteSignature("The Authorization header is missing.");
            }

            throw new AcsException(400, "MissingSignature", "Signature is mandatory for this action.");
        }

        if (string.IsNullOrEmpty(accessKeyId))
        {
            throw Errors.Missing("AccessKeyId");
        }

        var method = request.Param("SignatureMethod") ?? throw Errors.Missing("SignatureMethod");
        if (method != "HMAC-SHA1")
        {
            throw Errors.IncompleteSignature($"The SignatureMethod {method} is not supported; use HMAC-SHA1.");
        }

        var version = request.Param("SignatureVersion") ?? throw Errors.Missing("SignatureVersion");
        if (version != "1.0")
        {
            throw Errors.IncompleteSignature($"The SignatureVersion {version} is not supported; use 1.0.");
        }

        var timestamp = request.Param("Timestamp") ?? throw Errors.Missing("Timestamp");
        var nonce = request.Param("SignatureNonce") ?? throw Errors.Missing("SignatureNonce");
        var stringToSign = RpcSignature.StringToSign(request.Method, request.Query.Concat(request.Form));
        return new Claim(accessKeyId, timestamp, nonce, request.Param("SecurityToken"), signature, stringToSign, Acs3: false);
    }
}
