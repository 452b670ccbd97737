namespace AliyunAccessKey.Emulator.Api;

/// <summary>
/// An API product the emulator serves. The real products each answer on their own host; the
/// emulator serves them all on one address and tells them apart by the version a request names,
/// which no two products share (IMS 2019-08-15, STS 2015-04-01, and RAM 2015-05-01, whose
/// actions share names with IMS's: CreateUser, CreateAccessKey…).
/// </summary>
/// <param name="Code">Lower case, as an AccessKey's LastUsedService names it ("ims").</param>
/// <param name="Version">The API version that routes to it.</param>
/// <param name="Host">The real public host, the HostId of an error answer.</param>
/// <param name="Name">As the troubleshooting link names it ("Ims").</param>
internal sealed record ApiProduct(string Code, string Version, string Host, string Name)
{
    public static readonly ApiProduct Ims = new("ims", "2019-08-15", "ims.aliyuncs.com", "Ims");

    public static readonly ApiProduct Sts = new("sts", "2015-04-01", "sts.aliyuncs.com", "Sts")
    {
        InternalErrorMessage = "STS Server Internal Error happened, please send the RequestId to us.",
    };

    public static readonly ApiProduct Ram = new("ram", "2015-05-01", "ram.aliyuncs.com", "Ram");

    /// <summary>The product's own InternalError message, where it documents one.</summary>
    public string? InternalErrorMessage { get; init; }
}
