using AliyunAccessKey.Client;
using AliyunAccessKey.Model;

namespace AliyunAccessKey.Operations;

/// <summary>The IMS calls a rotation makes: the session's clients in the module, a fake in tests.</summary>
internal interface IRotationIms
{
    IReadOnlyList<Model.AccessKey> ListAccessKeys(string userPrincipalName, CancellationToken cancellationToken);

    AccessKeyLastUsed GetAccessKeyLastUsed(string accessKeyId, string userPrincipalName, CancellationToken cancellationToken);

    void UpdateAccessKey(string accessKeyId, string status, string userPrincipalName, CancellationToken cancellationToken);

    void DeleteAccessKey(string accessKeyId, string userPrincipalName, CancellationToken cancellationToken);

    /// <summary>CreateAccessKey exactly once (reconciled after a lost answer).</summary>
    NewAccessKey CreateAccessKey(string userPrincipalName, Action<string> log, CancellationToken cancellationToken);
}

/// <summary>A rotation against a connection's IMS client.</summary>
internal sealed class SessionRotationIms(ImsClient ims, ExactlyOnce exactlyOnce) : IRotationIms
{
    public IReadOnlyList<Model.AccessKey> ListAccessKeys(string userPrincipalName, CancellationToken cancellationToken) =>
        ims.ListAccessKeys(userPrincipalName, cancellationToken);

    public AccessKeyLastUsed GetAccessKeyLastUsed(string accessKeyId, string userPrincipalName, CancellationToken cancellationToken) =>
        ims.GetAccessKeyLastUsed(accessKeyId, userPrincipalName, cancellationToken);

    public void UpdateAccessKey(string accessKeyId, string status, string userPrincipalName, CancellationToken cancellationToken) =>
        ims.UpdateAccessKey(accessKeyId, status, userPrincipalName, cancellationToken);

    public void DeleteAccessKey(string accessKeyId, string userPrincipalName, CancellationToken cancellationToken) =>
        ims.DeleteAccessKey(accessKeyId, userPrincipalName, cancellationToken);

    public NewAccessKey CreateAccessKey(string userPrincipalName, Action<string> log, CancellationToken cancellationToken) =>
        exactlyOnce.CreateAccessKey(userPrincipalName, cancellationToken, log);
}
