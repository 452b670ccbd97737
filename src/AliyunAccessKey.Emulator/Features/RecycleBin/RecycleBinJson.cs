using System.Text.Json;
using AliyunAccessKey.Emulator.Api;

namespace AliyunAccessKey.Emulator.Features.RecycleBin;

/// <summary>The bins' answer shapes, as @alicloud/ims20190815's &lt;Action&gt;ResponseBody models have them.</summary>
internal static class RecycleBinJson
{
    /// <summary>ListAccessKeysInRecycleBin's AccessKeys.AccessKey[] item (no secret, ever).</summary>
    public static void WriteKey(Utf8JsonWriter json, RecycledKey key)
    {
        json.WriteStartObject();
        json.WriteString("AccessKeyId", key.Key.Id);
        json.WriteString("CreateDate", ActionContext.Date(key.Key.CreateDate));
        json.WriteString("RecycleDate", ActionContext.Date(key.RecycleDate));
        json.WriteString("DeleteDate", ActionContext.Date(key.DeleteDate));
        json.WriteEndObject();
    }

    /// <summary>GetAccessKeyInfoInRecycleBin's AccessKey.</summary>
    public static void WriteKeyInfo(Utf8JsonWriter json, RecycledKey key, string upn, bool userRecycled)
    {
        json.WriteStartObject("AccessKey");
        json.WriteString("UserId", key.Owner.UserId);
        json.WriteString("UserPrincipalName", upn);
        json.WriteBoolean("UserRecycled", userRecycled);
        json.WriteString("AccessKeyId", key.Key.Id);
        json.WriteString("CreateDate", ActionContext.Date(key.Key.CreateDate));
        json.WriteString("RecycleDate", ActionContext.Date(key.RecycleDate));
        json.WriteString("DeleteDate", ActionContext.Date(key.DeleteDate));
        json.WriteEndObject();
    }

    /// <summary>ListUsersInRecycleBin's Users.User[] item and GetUserInRecycleBin's User.</summary>
    public static void WriteUser(Utf8JsonWriter json, RecycledUser user, string upn)
    {
        json.WriteStartObject();
        json.WriteString("UserId", user.User.UserId);
        json.WriteString("UserPrincipalName", upn);
        json.WriteString("DisplayName", user.User.DisplayName);
        json.WriteString("CreateDate", ActionContext.Date(user.User.CreateDate));
        json.WriteString("RecycleDate", ActionContext.Date(user.RecycleDate));
        json.WriteString("DeleteDate", ActionContext.Date(user.DeleteDate));
        json.WriteEndObject();
    }
}
