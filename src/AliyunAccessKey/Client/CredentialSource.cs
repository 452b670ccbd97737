namespace AliyunAccessKey.Client;

/// <summary>Where credentials for a call come from; temporary ones may be refreshed between calls.</summary>
public interface ICredentialSource
{
    /// <summary>The credential to sign the next request with.</summary>
    AcsCredential GetCredential(CancellationToken cancellationToken);
}

/// <summary>A credential that never changes.</summary>
public sealed class StaticCredentialSource : ICredentialSource
{
    private readonly AcsCredential _credential;

    /// <summary>Wraps <paramref name="credential"/>.</summary>
    public StaticCredentialSource(AcsCredential credential) => _credential = credential;

    /// <inheritdoc/>
    public AcsCredential GetCredential(CancellationToken cancellationToken) => _credential;
}
