using System.Text.RegularExpressions;

namespace AliyunAccessKey.Client;

/// <summary>Endpoint rules: https, or plain http only to this machine (the emulator, tests); never a user name or password in the URL.</summary>
internal static class Endpoints
{
    /// <summary>User info ("user:password@") in a string that did not parse as an absolute URI.</summary>
    private static readonly Regex UserInfoLike = new("[^/?#]*@", RegexOptions.CultureInvariant);

    /// <summary>An endpoint as it may be shown: scheme, host and port; a user name or password in it shows as ***.</summary>
    public static string? Display(Uri? endpoint)
    {
        if (endpoint is null)
        {
            return null;
        }

        if (!endpoint.IsAbsoluteUri)
        {
            return UserInfoLike.Replace(endpoint.OriginalString, "***@", 1);
        }

        var shown = endpoint.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
        return endpoint.UserInfo.Length == 0 ? shown : shown.Insert(endpoint.Scheme.Length + Uri.SchemeDelimiter.Length, "***@");
    }

    /// <summary>Throws a clear <see cref="ArgumentException"/> for an endpoint the module will not use.</summary>
    public static void Validate(Uri endpoint)
    {
        if (endpoint is null || !endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException("The endpoint must be an absolute URI such as https://ims.aliyuncs.com.", nameof(endpoint));
        }

        RefuseUserInfo(endpoint, "The endpoint");
        if (endpoint.Scheme == Uri.UriSchemeHttps)
        {
            return;
        }

        if (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback)
        {
            return;
        }

        throw new ArgumentException(
            $"The endpoint {Display(endpoint)} is not allowed: use https. Plain http is accepted only for loopback addresses (the local emulator).",
            nameof(endpoint));
    }

    /// <summary>The ECS metadata service's address: plain http to any host is its nature, so only its shape is checked.</summary>
    internal static void ValidateMetadata(Uri endpoint)
    {
        if (endpoint is null || !endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The metadata endpoint must be an absolute http or https URI such as http://100.100.100.200/.", nameof(endpoint));
        }

        RefuseUserInfo(endpoint, "The metadata endpoint");
    }

    /// <summary>
    /// A user name or password in the URL is never sent (requests are signed, not basic-authenticated),
    /// but it would be shown wherever the URL is: refused, and the message leaves it out.
    /// </summary>
    internal static void RefuseUserInfo(Uri endpoint, string what)
    {
        if (endpoint.IsAbsoluteUri && endpoint.UserInfo.Length > 0)
        {
            throw new ArgumentException(
                $"{what} {Display(endpoint)} has a user name or password in it (user:password@), which this module never uses: remove it.",
                nameof(endpoint));
        }
    }
}
