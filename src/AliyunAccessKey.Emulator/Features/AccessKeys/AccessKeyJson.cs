using System.Text.Json;
using AliyunAccessKey.Emulator.Api;

namespace AliyunAccessKey.Emulator.Features.AccessKeys;

/// <summary>The AccessKeys' answer shapes, as the official SDK's models have them.</summary>
internal static class AccessKeyJson
{
    /// <summary>CreateAccessKey's AccessKey: the only answer that ever carries the secret.</summary>
    public static void WriteCreated(Utf8JsonWriter json, AccessKeyRecord key)
    {
        json.WriteStartObject("AccessKey");
        json.WriteString("AccessKeyId", key.Id);
        json.WriteString("AccessKeySecret", key.Secret);
        json.WriteString("CreateDate", ActionContext.Date(key.CreateDate));
        json.WriteString("Status", key.Status);
        json.WriteEndObject();
    }

    public static void WriteList(Utf8JsonWriter json, IEnumerable<AccessKeyRecord> keys)
    {
        json.WriteStartObject("AccessKeys");
        json.WriteStartArray("AccessKey");
        foreach (var key in keys)
        {
            json.WriteStartObject();
            json.WriteString("AccessKeyId", key.Id);
            json.WriteString("CreateDate", ActionContext.Date(key.CreateDate));
            json.WriteString("Status", key.Status);
            json.WriteString("UpdateDate", ActionContext.Date(key.UpdateDate));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteLastUsed(Utf8JsonWriter json, AccessKeyRecord key)
    {
        json.WriteStartObject("AccessKeyLastUsed");
        if (key.LastUsedDate is DateTime used)
        {
            json.WriteString("LastUsedDate", ActionContext.Date(used));
            json.WriteString("ServiceName", key.LastUsedService);
        }

        json.WriteEndObject();
    }
}
