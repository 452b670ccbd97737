using System.Text.Json;
using System.Text.Json.Serialization;
using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Features.AccessKeys;
using AliyunAccessKey.Emulator.Features.LoginProfiles;
using AliyunAccessKey.Emulator.Features.Mfa;
using AliyunAccessKey.Emulator.Features.Groups;
using AliyunAccessKey.Emulator.Features.Policies;
using AliyunAccessKey.Emulator.Features.RecycleBin;
using AliyunAccessKey.Emulator.Features.Sts;
using AliyunAccessKey.Emulator.Features.Users;

namespace AliyunAccessKey.Emulator.Persistence;

/// <summary>
/// What the state file holds; each feature's store saves and loads its own part. Secrets are in it
/// (signatures need them): keep the file private.
/// </summary>
internal sealed class StateDocument
{
    public int Format { get; set; } = 1;

    public string AccountId { get; set; } = string.Empty;

    public long NextSeq { get; set; } = 1;

    public long SeedCounter { get; set; }

    public List<UserDocument> Users { get; set; } = [];

    public List<AccessKeyDocument> AccessKeys { get; set; } = [];

    public List<SessionDocument> Sessions { get; set; } = [];

    public List<LoginProfileDocument> LoginProfiles { get; set; } = [];

    public List<MfaDeviceDocument> MfaDevices { get; set; } = [];
    public long NextGroupSeq { get; set; } = 1;

    public List<GroupDocument> Groups { get; set; } = [];

    public List<GroupMemberDocument> GroupMembers { get; set; } = [];

    public List<PolicyDocument> Policies { get; set; } = [];

    public List<PolicyAttachmentDocument> PolicyAttachments { get; set; } = [];

    public List<RecycledUserDocument> RecycledUsers { get; set; } = [];

    public List<RecycledKeyDocument> RecycledKeys { get; set; } = [];

    public long NextBinSeq { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StateDocument))]
internal sealed partial class StateJsonContext : JsonSerializerContext;

/// <summary>
/// Optional persistence: loads the file at start, and rewrites it a short while after each change
/// (many changes in a burst give one write). Written to a temporary file and renamed, so a crash
/// never leaves half a file.
/// </summary>
internal sealed class StateFile : IAsyncDisposable
{
    private readonly string _path;
    private readonly AccountRoot _account;
    private readonly TimeSpan _debounce;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private int _scheduled;
    private Task _pending = Task.CompletedTask;

    public StateFile(string path, AccountRoot account, TimeSpan debounce)
    {
        _path = Path.GetFullPath(path);
        _account = account;
        _debounce = debounce;
    }

    public string FullPath => _path;

    /// <summary>Loads the file into the account when it exists; true when it did.</summary>
    public bool TryLoad(DateTime now)
    {
        if (!File.Exists(_path))
        {
            return false;
        }

        using var stream = File.OpenRead(_path);
        var doc = JsonSerializer.Deserialize(stream, StateJsonContext.Default.StateDocument)
            ?? throw new InvalidDataException($"The state file {_path} is empty.");
        _account.Write(s => s.Load(doc, now));
        return true;
    }

    /// <summary>Called on every change (under the account's lock): schedules one write.</summary>
    public void OnChanged()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            _pending = Task.Run(async () =>
            {
                await Task.Delay(_debounce).ConfigureAwait(false);
                Volatile.Write(ref _scheduled, 0);
                await SaveAsync().ConfigureAwait(false);
            });
        }
    }

    public async Task SaveAsync()
    {
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var doc = _account.Read(static s => s.ToDocument());
            var directory = Path.GetDirectoryName(_path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var temp = _path + ".tmp";
            await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await JsonSerializer.SerializeAsync(stream, doc, StateJsonContext.Default.StateDocument).ConfigureAwait(false);
            }

            File.Move(temp, _path, overwrite: true);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _pending.ConfigureAwait(false);
        await SaveAsync().ConfigureAwait(false);
        _writeGate.Dispose();
    }
}
