namespace AliyunAccessKey.Emulator.Features.Policies;

/// <summary>
/// The system policies every account has: the common ones, with the descriptions and documents
/// the RAM console shows for them (trimmed to the statements that matter to a reader). They cannot
/// be created, changed or deleted.
/// </summary>
internal static class SystemPolicies
{
    /// <summary>When the system policies were published, as their CreateDate/UpdateDate.</summary>
    public static readonly DateTime Published = new(2015, 4, 28, 16, 14, 2, DateTimeKind.Utc);

    public static readonly IReadOnlyList<(string Name, string Description, string Document)> All =
    [
        ("AdministratorAccess", "Provides full access to Alibaba Cloud services and resources.",
            Doc("\"Action\":\"*\",\"Effect\":\"Allow\",\"Resource\":\"*\"")),
        ("ReadOnlyAccess", "Provides read-only access to Alibaba Cloud services and resources.",
            Doc("\"Action\":[\"*:Describe*\",\"*:List*\",\"*:Get*\",\"*:BatchGet*\",\"*:Query*\",\"*:BatchQuery*\"],\"Effect\":\"Allow\",\"Resource\":\"*\"")),
        ("AliyunOSSFullAccess", "Provides full access to Object Storage Service(OSS) via Alibaba Cloud console.",
            Doc("\"Action\":\"oss:*\",\"Effect\":\"Allow\",\"Resource\":\"*\"")),
        ("AliyunOSSReadOnlyAccess", "Provides read-only access to Object Storage Service(OSS) via Alibaba Cloud console.",
            Doc("\"Action\":[\"oss:Get*\",\"oss:List*\"],\"Effect\":\"Allow\",\"Resource\":\"*\"")),
        ("AliyunECSFullAccess", "Provides full access to Elastic Compute Service(ECS) via Alibaba Cloud console.",
            Doc("\"Action\":\"ecs:*\",\"Effect\":\"Allow\",\"Resource\":\"*\"")),
        ("AliyunECSReadOnlyAccess", "Provides read-only access to Elastic Compute Service(ECS) via Alibaba Cloud console.",
            Doc("\"Action\":[\"ecs:Describe*\",\"ecs:List*\"],\"Effect\":\"Allow\",\"Resource\":\"*\"")),
        ("AliyunRAMFullAccess", "Provides full access to Resource Access Management(RAM) via Alibaba Cloud console.",
            Doc("\"Action\":\"ram:*\",\"Effect\":\"Allow\",\"Resource\":\"*\"")),
        ("AliyunRAMReadOnlyAccess", "Provides read-only access to Resource Access Management(RAM) via Alibaba Cloud console.",
            Doc("\"Action\":[\"ram:Get*\",\"ram:List*\"],\"Effect\":\"Allow\",\"Resource\":\"*\"")),
        ("AliyunSTSAssumeRoleAccess", "Provides access to assume role of Security Token Service(STS).",
            Doc("\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\",\"Resource\":\"*\"")),
        ("AliyunVPCReadOnlyAccess", "Provides read-only access to Virtual Private Cloud(VPC) via Alibaba Cloud console.",
            Doc("\"Action\":[\"vpc:Describe*\",\"vpc:Get*\",\"vpc:List*\"],\"Effect\":\"Allow\",\"Resource\":\"*\"")),
    ];

    private static string Doc(string statement) =>
        "{\"Version\":\"1\",\"Statement\":[{" + statement + "}]}";
}
