using AliyunAccessKey.Emulator.Server;

namespace AliyunAccessKey.Emulator.Features.Groups;

/// <summary>The groups' errors, with the codes and statuses RAM's error reference documents.</summary>
internal static class GroupErrors
{
    public static AcsException NotFound(string name) =>
        new(404, "EntityNotExist.Group", $"The group does not exist: {name}.");

    public static AcsException Exists(string name) =>
        new(409, "EntityAlreadyExists.Group", $"The group does already EXIST: {name}.");

    public static AcsException AlreadyMember(string upn, string group) =>
        new(409, "EntityAlreadyExists.User.Group", $"The user has already joined the group: {upn} in {group}.");

    public static AcsException NotMember(string upn, string group) =>
        new(404, "EntityNotExist.User.Group", $"The user has not joined the group: {upn} in {group}.");

    public static AcsException UserLimit(int quota) =>
        new(409, "LimitExceeded.User.Group", $"The count of groups the target user joined beyond the current limits: {quota}.");

    /// <summary>DeleteGroup of a group that still has members.</summary>
    public static AcsException HasMembers(string name) =>
        new(409, "DeleteConflict.Group.User", $"The group CAN NOT has any user member while deleting the group: {name}.");

    /// <summary>DeleteUser of a user who is still in a group.</summary>
    public static AcsException UserInGroup(string upn) =>
        new(409, "DeleteConflict.User.Group", $"The user CAN NOT be in any group while deleting the user: {upn}.");
}
