using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Features.Users;
using AliyunAccessKey.Emulator.Persistence;
using static AliyunAccessKey.Emulator.Api.ParameterRules;

namespace AliyunAccessKey.Emulator.Features.Mfa;

/// <summary>
/// The MFA devices' slice of the account: at most one bound device per user, keyed by the user
/// record (a rename keeps it). Binding needs a TOTP exchange no test can do through the API, so
/// devices are bound through the control endpoint or the C# API; IMS reads and unbinds them.
/// </summary>
internal sealed class MfaStore
{
    public const int MaxDeviceNameLength = 64;

    private readonly AccountRoot _root;
    private readonly Dictionary<UserRecord, MfaDeviceRecord> _byUser = [];

    public MfaStore(AccountRoot root) => _root = root;

    public int Count => _byUser.Count;

    public MfaDeviceRecord? Of(UserRecord user) => _byUser.GetValueOrDefault(user);

    /// <summary>Binds a virtual device named <paramref name="deviceName"/> (the user's name when null) to the user.</summary>
    public MfaDeviceRecord Bind(UserRecord user, string? deviceName, DateTime now)
    {
        _root.EnsureWriting();
        var name = string.IsNullOrEmpty(deviceName) ? user.Name : deviceName;
        if (name.Length > MaxDeviceNameLength)
        {
            throw Length("VirtualMFADeviceName", $"It must be 1 to {MaxDeviceNameLength} characters.");
        }

        if (!name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw InvalidChars("VirtualMFADeviceName", "It may contain only letters, digits, periods (.), hyphens (-) and underscores (_).");
        }

        if (_byUser.ContainsKey(user))
        {
            throw MfaErrors.Exists(_root.Profile.Upn(user.Name));
        }

        var serial = $"acs:ram::{_root.Profile.AccountId}:mfa/{name}";
        if (_byUser.Values.Any(d => d.SerialNumber == serial))
        {
            throw MfaErrors.DeviceBound(serial);
        }

        var device = new MfaDeviceRecord(user, serial, "VMFA", now);
        _byUser.Add(user, device);
        return device;
    }

    public MfaDeviceRecord Unbind(UserRecord user)
    {
        _root.EnsureWriting();
        if (!_byUser.Remove(user, out var device))
        {
            throw MfaErrors.NotFound(_root.Profile.Upn(user.Name));
        }

        return device;
    }

    /// <summary>DeleteUser refuses a user with a device bound.</summary>
    public void EnsureNoneOf(UserRecord user)
    {
        if (_byUser.ContainsKey(user))
        {
            throw MfaErrors.DeleteConflict(_root.Profile.Upn(user.Name));
        }
    }

    public void Clear()
    {
        _root.EnsureWriting();
        _byUser.Clear();
    }

    public void Save(StateDocument doc) =>
        doc.MfaDevices = _byUser.Values.Select(static d => new MfaDeviceDocument
        {
            UserSeq = d.User.Seq,
            SerialNumber = d.SerialNumber,
            Type = d.Type,
            BindDate = d.BindDate,
        }).ToList();

    /// <summary>Replaces the devices with saved ones; a device whose user is gone is dropped.</summary>
    public void Load(StateDocument doc, UserStore users)
    {
        Clear();
        foreach (var d in doc.MfaDevices)
        {
            if (users.FindBySeq(d.UserSeq) is { } user)
            {
                _byUser[user] = new MfaDeviceRecord(user, d.SerialNumber, d.Type, d.BindDate);
            }
        }
    }
}

/// <summary>An MFA device binding in the state file.</summary>
internal sealed class MfaDeviceDocument
{
    public long UserSeq { get; set; }

    public string SerialNumber { get; set; } = string.Empty;

    public string Type { get; set; } = "VMFA";

    public DateTime BindDate { get; set; }
}
