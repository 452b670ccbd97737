using System.Text.Json;
using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Api;
using AliyunAccessKey.Emulator.Features.AccessKeys;

namespace AliyunAccessKey.Emulator.Features.AccountSettings;

/// <summary>IMS (2019-08-15) account-wide reads: GetAccountSummary, GetSecurityPreference.</summary>
internal static class AccountActions
{
    /// <summary>
    /// SummaryMap, every field of the official model: counts from the state, quotas as the official
    /// example has them (UsersQuota is the --user-quota option, else the real default 5,000).
    /// </summary>
    [Reads]
    public static void GetAccountSummary(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        json.WriteStartObject("SummaryMap");
        json.WriteNumber("AccessKeysPerUserQuota", ctx.Knobs.AccessKeysPerUserQuota);
        json.WriteNumber("AccountAccessKeysPerAccountQuota", AccessKeyValidation.MaxPerPrincipal);
        json.WriteNumber("AttachedPoliciesPerGroupQuota", 5);
        json.WriteNumber("AttachedPoliciesPerRoleQuota", 5);
        json.WriteNumber("AttachedPoliciesPerUserQuota", 10);
        json.WriteNumber("AttachedSystemPoliciesPerGroupQuota", 20);
        json.WriteNumber("AttachedSystemPoliciesPerRoleQuota", 20);
        json.WriteNumber("AttachedSystemPoliciesPerUserQuota", 20);
        json.WriteNumber("ConditionsPerAKPolicyQuota", 8);
        json.WriteNumber("Groups", state.Groups.Count);
        json.WriteNumber("GroupsPerUserQuota", 5);
        json.WriteNumber("GroupsQuota", 50);
        json.WriteNumber("IPItemsPerAKPolicyQuota", 50);
        json.WriteNumber("MFADevices", state.Mfa.Count);
        json.WriteNumber("MFADevicesInUse", state.Mfa.Count);
        json.WriteNumber("Policies", state.Policies.CustomCount);
        json.WriteNumber("PoliciesQuota", 1500);
        json.WriteNumber("PolicySizeQuota", 2048);
        json.WriteNumber("Roles", state.Sts.Roles.Count);
        json.WriteNumber("RolesQuota", 1000);
        json.WriteNumber("Users", state.Users.Count);
        json.WriteNumber("UsersQuota", ctx.Account.UserQuota > 0 ? ctx.Account.UserQuota : 5000);
        json.WriteNumber("VersionsPerPolicyQuota", 5);
        json.WriteNumber("VirtualMFADevicesQuota", 1000);
        json.WriteEndObject();
    }

    /// <summary>SecurityPreference as the official model nests it; MaxIdleDaysForAccessKeys is the knob (730 by default).</summary>
    [Reads]
    public static void GetSecurityPreference(ActionContext ctx, AccountState state, Utf8JsonWriter json)

    {
        json.WriteStartObject("SecurityPreference");
        json.WriteStartObject("AccessKeyPreference");
        json.WriteBoolean("AllowUserToManageAccessKeys", false);
        json.WriteEndObject();
        json.WriteStartObject("LoginProfilePreference");
        json.WriteBoolean("AllowUserToChangePassword", true);
        json.WriteBoolean("AllowUserToLoginWithPasskey", true);
        json.WriteBoolean("EnableSaveMFATicket", false);
        json.WriteString("LoginNetworkMasks", string.Empty);
        json.WriteNumber("LoginSessionDuration", 6);
        json.WriteString("MFAOperationForLogin", "independent");
        json.WriteString("OperationForRiskLogin", "autonomous");
        json.WriteEndObject();
        json.WriteStartObject("MFAPreference");
        json.WriteBoolean("AllowUserToManageMFADevices", true);
        json.WriteEndObject();
        json.WriteStartObject("MaxIdleDays");
        json.WriteNumber("MaxIdleDaysForAccessKeys", ctx.Knobs.MaxIdleDaysForAccessKeys);
        json.WriteNumber("MaxIdleDaysForUsers", 730);
        json.WriteEndObject();
        json.WriteStartObject("PersonalInfoPreference");
        json.WriteBoolean("AllowUserToManagePersonalDingTalk", true);
        json.WriteEndObject();
        json.WriteStartObject("VerificationPreference");
        json.WriteStartArray("VerificationTypes");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
