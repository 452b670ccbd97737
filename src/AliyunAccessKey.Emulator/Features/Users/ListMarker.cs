using System.Buffers.Text;
using System.Globalization;
using System.Text;
using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.Users;

/// <summary>
/// The opaque paging marker: base64url of "u:&lt;seq&gt;", the creation ordinal of the last user
/// returned. Paging by ordinal stays correct when users are added, renamed or deleted between pages.
/// </summary>
internal static class ListMarker
{
    public static string Encode(long lastSeq) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes("u:" + lastSeq.ToString(CultureInfo.InvariantCulture)));

    public static long Decode(string marker)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(marker));
            if (text.StartsWith("u:", StringComparison.Ordinal) &&
                long.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                return seq;
            }
        }
        catch (FormatException)
        {
        }

        throw Errors.Invalid("Marker", "The Marker is not valid.");
    }
}
