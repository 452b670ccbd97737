namespace AliyunAccessKey.Client;

/// <summary>
/// An IMS or STS address that passed <see cref="Endpoints.Validate"/>. The check runs when one is
/// made — once per client or session — so a request needs none of its own.
/// </summary>
internal sealed class ServiceEndpoint
{
    /// <summary>Checks <paramref name="uri"/> against the endpoint rules.</summary>
    /// <exception cref="ArgumentException">The module will not use this address; the message never shows a password in it.</exception>
    internal ServiceEndpoint(Uri uri)
    {
        Endpoints.Validate(uri);
        Uri = uri;
    }

    /// <summary>The address.</summary>
    internal Uri Uri { get; }

    /// <summary>The address as it may be shown.</summary>
    public override string ToString() => Endpoints.Display(Uri) ?? string.Empty;
}
