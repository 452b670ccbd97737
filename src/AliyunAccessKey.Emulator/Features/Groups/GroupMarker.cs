using System.Buffers.Text;
using System.Globalization;
using System.Text;
using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.Groups;

/// <summary>
/// The groups' opaque paging markers: base64url of "&lt;kind&gt;:&lt;seq&gt;", the ordinal of the last
/// item returned ("g" a group's creation, "m" a membership's join), so paging stays correct when
/// items come and go between pages, and a marker of one listing is refused by the other.
/// </summary>
internal static class GroupMarker
{
    public const string Groups = "g";
    public const string Members = "m";

    public static string Encode(string kind, long lastSeq) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(kind + ":" + lastSeq.ToString(CultureInfo.InvariantCulture)));

    public static long Decode(string kind, string marker)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(marker));
            if (text.StartsWith(kind + ":", StringComparison.Ordinal) &&
                long.TryParse(text.AsSpan(kind.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
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
