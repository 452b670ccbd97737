namespace AliyunAccessKey.Credentials;

/// <summary>
/// A credential source is missing, malformed or unsupported. The message names the source and
/// what to fix; it never contains a secret.
/// </summary>
public sealed class AliyunCredentialException : Exception
{
    internal AliyunCredentialException(string errorId, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
    }

    /// <summary>A stable identifier of the problem, e.g. ProfileNotFound.</summary>
    public string ErrorId { get; }
}
