namespace AliyunAccessKey.Client;

/// <summary>Where credentials for a call come from; temporary ones may be refreshed between calls.</summary>
/// <remarks>
/// Public with <see cref="AcsCredential"/> only so tests can wrap a session's source (Add-Type);
/// the rest of the client is internal, since every public type is one more that Import-Module reads.
/// </remarks>
public interface ICredentialSource
{
    /// <summary>The credential to sign the next request with.</summary>
    AcsCredential GetCredential(CancellationToken cancellationToken);
}

/// <summary>A credential that never changes.</summary>
internal sealed class StaticCredentialSource : ICredentialSource
{
    private readonly AcsCredential _credential;

    /// <summary>Wraps <paramref name="credential"/>.</summary>
    public StaticCredentialSource(AcsCredential credential) => _credential = credential;

    /// <inheritdoc/>
    public AcsCredential GetCredential(CancellationToken cancellationToken) => _credential;
}
