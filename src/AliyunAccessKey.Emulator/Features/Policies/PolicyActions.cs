using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Api;
using AliyunAccessKey.Emulator.Features.Groups;
using AliyunAccessKey.Emulator.Features.Users;
using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.Policies;

/// <summary>
/// RAM (2015-05-01) policy actions: the policies, and attaching them to users (named by UserName,
/// the UPN's part before '@') and to groups (the IMS groups). Answers follow the official
/// @alicloud/ram20150501 models.
/// </summary>
internal static class PolicyActions
{
    /// <summary>ListPolicies' MaxItems default ("Default value: 100").</summary>
    public const int DefaultMaxItems = 100;

    /// <summary>The policy a request names, as a RAM resource (policy/&lt;name&gt;).</summary>
    public static string PolicyResource(ActionContext ctx) =>
        ctx.Account.RamResource("policy/" + (ctx.Optional("PolicyName") ?? "*"));

    /// <summary>The user a request names by UserName (user/&lt;name&gt;).</summary>
    public static string UserResource(ActionContext ctx) =>
        ctx.Account.RamResource("user/" + (ctx.Optional("UserName") ?? "*"));

    /// <summary>The group a request names (group/&lt;name&gt;).</summary>
    public static string GroupResource(ActionContext ctx) =>
        ctx.Account.RamResource("group/" + (ctx.Optional("GroupName") ?? "*"));

    [Reads(Resource = nameof(PolicyResource))]
    public static void ListPolicies(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var type = ctx.Optional("PolicyType") is string t ? PolicyValidation.PolicyType(t) : null;
        var after = ctx.Optional("Marker") is string marker ? DecodeMarker(marker) : 0;
        var max = ParameterRules.MaxItems(ctx.Optional("MaxItems"), DefaultMaxItems);
        var page = state.Policies.Page(after, max, type, out var truncated);
        json.WriteBoolean("IsTruncated", truncated);
        if (truncated)
        {
            json.WriteString("Marker", EncodeMarker(page[^1].Seq));
        }

        json.WriteStartObject("Policies");
        json.WriteStartArray("Policy");
        foreach (var policy in page)
        {
            PolicyJson.WritePolicy(json, policy, withTags: true);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    [Reads(Resource = nameof(PolicyResource))]
    public static void GetPolicy(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var policy = NamedPolicy(ctx, state);
        json.WritePropertyName("Policy");
        PolicyJson.WritePolicy(json, policy, withTags: false);
        PolicyJson.WriteDefaultVersion(json, policy);
    }

    [Writes(Resource = nameof(PolicyResource))]
    public static void CreatePolicy(ActionContext ctx, AccountState state, Utf8JsonWriter json)
    {
        var name = PolicyValidation.PolicyName(ctx.Required("PolicyName"));
        var document = ctx.Required("PolicyDocument");
        PolicyValidation.Document(document);
        var description = ctx.Optional("Description");
        if (description is not null)
        {
            PolicyValidation.Description(description);
        }

        var tags = Tags(ctx);
        UserValidation.Tags(tags);
        var policy = state.Policies.CreateCustom(name, document, description, tags.Count == 0 ? null : [.. tags], ctx.Now);
        PolicyJson.WriteCreated(json, policy);
    }

    [Reads(Resource = nameof(UserResource))]
    public static void ListPoliciesForUser(ActionContext ctx, AccountState state, Utf8JsonWriter json) =>
        ListFor(Principal.User, ctx, state, json);

    [Writes(Resource = nameof(UserResource))]
    public static void AttachPolicyToUser(ActionContext ctx, AccountState state, Utf8JsonWriter json) =>
        ChangeAttachment(Principal.User, ctx, state, attach: true);

    [Writes(Resource = nameof(UserResource))]
    public static void DetachPolicyFromUser(ActionContext ctx, AccountState state, Utf8JsonWriter json) =>
        ChangeAttachment(Principal.User, ctx, state, attach: false);

    [Reads(Resource = nameof(GroupResource))]
    public static void ListPoliciesForGroup(ActionContext ctx, AccountState state, Utf8JsonWriter json) =>
        ListFor(Principal.Group, ctx, state, json);

    [Writes(Resource = nameof(GroupResource))]
    public static void AttachPolicyToGroup(ActionContext ctx, AccountState state, Utf8JsonWriter json) =>
        ChangeAttachment(Principal.Group, ctx, state, attach: true);

    [Writes(Resource = nameof(GroupResource))]
    public static void DetachPolicyFromGroup(ActionContext ctx, AccountState state, Utf8JsonWriter json) =>
        ChangeAttachment(Principal.Group, ctx, state, attach: false);

    private static void ListFor(Principal kind, ActionContext ctx, AccountState state, Utf8JsonWriter json) =>
        PolicyJson.WriteAttached(json, state.Policies.Of(kind.Named(ctx, state)));

    /// <summary>
    /// Attaches or detaches; the policy is looked up before the principal, and an attach of what
    /// is attached (a detach of what is not) is RAM's error for the principal kind.
    /// </summary>
    private static void ChangeAttachment(Principal kind, ActionContext ctx, AccountState state, bool attach)
    {
        var policy = NamedPolicy(ctx, state);
        var principal = kind.Named(ctx, state);
        var changed = attach ? state.Policies.Attach(principal, policy, ctx.Now) : state.Policies.Detach(principal, policy);
        if (!changed)
        {
            throw attach ? kind.AlreadyAttached(policy.Name) : kind.NotAttached(policy.Name);
        }
    }

    /// <summary>The group named by GroupName (required), by the groups' own rule; EntityNotExist.Group when there is none.</summary>
    private static GroupRecord NamedGroup(ActionContext ctx, AccountState state)
    {
        var name = GroupValidation.Name(ctx.Required("GroupName"));
        return state.Groups.Find(name) ?? throw GroupErrors.NotFound(name);
    }

    /// <summary>
    /// RAM 2015's SDK sends Tag as one JSON parameter, [{"Key":…,"Value":…}] (the "json" style of
    /// CreatePolicyShrinkRequest); the flat Tag.N.Key form is read too.
    /// </summary>
    private static List<KeyValuePair<string, string>> Tags(ActionContext ctx)
    {
        if (ctx.Optional("Tag") is not string text)
        {
            return ctx.Pairs("Tag");
        }

        var tags = new List<KeyValuePair<string, string>>();
        try
        {
            using var doc = JsonDocument.Parse(text);
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                var key = item.TryGetProperty("Key", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : throw Errors.Missing("Tag.N.Key");
                var value = item.TryGetProperty("Value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
                tags.RemoveAll(t => t.Key == key);
                tags.Add(new(key, value));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw ParameterRules.Format("Tag", "Tag must be a JSON array of {\"Key\":…,\"Value\":…}.");
        }

        return tags;
    }

    /// <summary>The policy named by PolicyType and PolicyName (both required); EntityNotExist.Policy when there is none.</summary>
    private static PolicyRecord NamedPolicy(ActionContext ctx, AccountState state)
    {
        var name = PolicyValidation.PolicyName(ctx.Required("PolicyName"));
        var type = PolicyValidation.PolicyType(ctx.Required("PolicyType"));
        return state.Policies.Find(type, name) ?? throw PolicyErrors.NotFound(type, name);
    }

    /// <summary>The user named by UserName (required); EntityNotExist.User when there is none.</summary>
    private static UserRecord NamedUser(ActionContext ctx, AccountState state)
    {
        var name = PolicyValidation.UserName(ctx.Required("UserName"));
        return state.Users.FindByName(name) ?? throw UserErrors.NotFound(name);
    }

    private static string EncodeMarker(long seq) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes("p:" + seq.ToString(CultureInfo.InvariantCulture)));

    private static long DecodeMarker(string marker)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(marker));
            if (text.StartsWith("p:", StringComparison.Ordinal) &&
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

    /// <summary>
    /// What a policy is attached to: how the request names it, and RAM's errors for it (the user
    /// and group variants of the same actions differ only in these).
    /// </summary>
    private sealed class Principal
    {
        public static readonly Principal User = new(NamedUser, PolicyErrors.AlreadyAttachedToUser, PolicyErrors.NotAttachedToUser);

        public static readonly Principal Group = new(NamedGroup, PolicyErrors.AlreadyAttachedToGroup, PolicyErrors.NotAttachedToGroup);

        private Principal(Func<ActionContext, AccountState, object> named, Func<string, AcsException> alreadyAttached, Func<string, AcsException> notAttached)
        {
            Named = named;
            AlreadyAttached = alreadyAttached;
            NotAttached = notAttached;
        }

        public Func<ActionContext, AccountState, object> Named { get; }

        public Func<string, AcsException> AlreadyAttached { get; }

        public Func<string, AcsException> NotAttached { get; }
    }
}
