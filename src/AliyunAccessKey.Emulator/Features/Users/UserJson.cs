using System.Text.Json;
using AliyunAccessKey.Emulator.Api;

namespace AliyunAccessKey.Emulator.Features.Users;

/// <summary>Which optional parts of the User object an action answers.</summary>
[Flags]
internal enum UserFields
{
    None = 0,
    Tags = 1,
    UserName = 2,
    Status = 4,

    /// <summary>LastLoginDate as Unix epoch milliseconds in a string (ListUsers), not ISO 8601.</summary>
    EpochLastLogin = 8,
}

/// <summary>The users' answer shapes, as the official SDK's models have them.</summary>
internal static class UserJson
{
    public static string Status(UserRecord user) => user.Frozen ? "freeze" : "active";

    /// <summary>The User object; optional fields are left out when empty, as the service does.</summary>
    public static void WriteUser(Utf8JsonWriter json, string upn, UserRecord user, UserFields fields)
    {
        json.WriteStartObject();
        json.WriteString("UserId", user.UserId);
        json.WriteString("UserPrincipalName", upn);
        if (fields.HasFlag(UserFields.UserName))
        {
            json.WriteString("UserName", user.Name);
        }

        json.WriteString("DisplayName", user.DisplayName);
        WriteIfSet(json, "Comments", user.Comments);
        WriteIfSet(json, "Email", user.Email);
        WriteIfSet(json, "MobilePhone", user.MobilePhone);
        json.WriteString("CreateDate", ActionContext.Date(user.CreateDate));
        json.WriteString("UpdateDate", ActionContext.Date(user.UpdateDate));
        if (user.LastLoginDate is DateTime login)
        {
            json.WriteString("LastLoginDate", fields.HasFlag(UserFields.EpochLastLogin) ? ActionContext.EpochMilliseconds(login) : ActionContext.Date(login));
        }

        json.WriteString("ProvisionType", "Manual");
        if (fields.HasFlag(UserFields.Status))
        {
            json.WriteString("Status", Status(user));
        }

        if (fields.HasFlag(UserFields.Tags))
        {
            TagJson.Write(json, user.Tags);
        }

        json.WriteEndObject();
    }

    /// <summary>ListUserBasicInfos' UserBasicInfo.</summary>
    public static void WriteBasicInfo(Utf8JsonWriter json, string upn, UserRecord user)
    {
        json.WriteStartObject();
        json.WriteString("UserId", user.UserId);
        json.WriteString("UserPrincipalName", upn);
        json.WriteString("DisplayName", user.DisplayName);
        json.WriteString("Status", Status(user));
        json.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }
}
