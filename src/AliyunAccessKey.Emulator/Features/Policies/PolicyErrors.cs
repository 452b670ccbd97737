using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.Policies;

/// <summary>
/// The policies' errors, with RAM's documented codes and messages (RAM "Error messages",
/// https://www.alibabacloud.com/help/doc-detail/28754.htm, and each action's page).
/// </summary>
internal static class PolicyErrors
{
    public static AcsException NotFound(string type, string name) =>
        new(404, "EntityNotExist.Policy", $"The policy does not exist: {type} {name}.");

    public static AcsException Exists(string name) =>
        new(409, "EntityAlreadyExists.Policy", $"The policy does already EXIST: {name}.");

    public static AcsException AlreadyAttachedToUser(string name) =>
        new(409, "EntityAlreadyExists.User.Policy", $"The user has already been attached this policy: {name}.");

    public static AcsException NotAttachedToUser(string name) =>
        new(404, "EntityNotExist.User.Policy", $"The indicate policy of the user does not exist: {name}.");

    public static AcsException AlreadyAttachedToGroup(string name) =>
        new(409, "EntityAlreadyExists.Group.Policy", $"The group has already been attached this policy: {name}.");

    public static AcsException NotAttachedToGroup(string name) =>
        new(404, "EntityNotExist.Group.Policy", $"The indicate policy attached to the group does not exist: {name}.");

    /// <summary>DeleteUser of a user with a policy attached.</summary>
    public static AcsException UserDeleteConflict(string who) =>
        new(409, "DeleteConflict.User.Policy", $"The user CAN NOT has any attached policy while deleting the user: {who}.");

    /// <summary>DeleteGroup of a group with a policy attached.</summary>
    public static AcsException GroupDeleteConflict(string group) =>
        new(409, "DeleteConflict.Group.Policy", $"The entity CAN NOT has any attached policy while deleting the group: {group}.");

    public static AcsException Malformed(string detail) =>
        new(400, "MalformedPolicyDocument", detail);
}
