using System.Text.Json;
using AliyunAccessKey.Emulator.Api;

namespace AliyunAccessKey.Emulator.Features.Policies;

/// <summary>The policies' answer shapes, as the official @alicloud/ram20150501 models have them.</summary>
internal static class PolicyJson
{
    /// <summary>ListPolicies' item, and GetPolicy's Policy (without the deprecated PolicyDocument).</summary>
    public static void WritePolicy(Utf8JsonWriter json, PolicyRecord policy, bool withTags)
    {
        json.WriteStartObject();
        WriteIdentity(json, policy);
        json.WriteString("CreateDate", ActionContext.Date(policy.CreateDate));
        json.WriteString("UpdateDate", ActionContext.Date(policy.UpdateDate));
        json.WriteNumber("AttachmentCount", policy.AttachmentCount);
        if (withTags)
        {
            TagJson.Write(json, policy.Tags);
        }

        json.WriteEndObject();
    }

    /// <summary>CreatePolicy's Policy: no dates but CreateDate, no count.</summary>
    public static void WriteCreated(Utf8JsonWriter json, PolicyRecord policy)
    {
        json.WriteStartObject("Policy");
        WriteIdentity(json, policy);
        json.WriteString("CreateDate", ActionContext.Date(policy.CreateDate));
        json.WriteEndObject();
    }

    /// <summary>GetPolicy's DefaultPolicyVersion: the document lives here, not in Policy.</summary>
    public static void WriteDefaultVersion(Utf8JsonWriter json, PolicyRecord policy)
    {
        json.WriteStartObject("DefaultPolicyVersion");
        json.WriteString("VersionId", PolicyRecord.DefaultVersion);
        json.WriteBoolean("IsDefaultVersion", true);
        json.WriteString("PolicyDocument", policy.Document);
        json.WriteString("CreateDate", ActionContext.Date(policy.CreateDate));
        json.WriteEndObject();
    }

    /// <summary>ListPoliciesForUser/ListPoliciesForGroup: {"Policies":{"Policy":[…]}} with AttachDate.</summary>
    public static void WriteAttached(Utf8JsonWriter json, IReadOnlyList<PolicyAttachment> attached)
    {
        json.WriteStartObject("Policies");
        json.WriteStartArray("Policy");
        foreach (var a in attached)
        {
            json.WriteStartObject();
            WriteIdentity(json, a.Policy);
            json.WriteString("AttachDate", ActionContext.Date(a.AttachDate));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>What every policy shape starts with: name, type, description (when set), default version.</summary>
    private static void WriteIdentity(Utf8JsonWriter json, PolicyRecord policy)
    {
        json.WriteString("PolicyName", policy.Name);
        json.WriteString("PolicyType", policy.Type);
        if (policy.Description is not null)
        {
            json.WriteString("Description", policy.Description);
        }

        json.WriteString("DefaultVersion", PolicyRecord.DefaultVersion);
    }
}
