using System.Text.Json;
using System.Text.Json.Serialization;

namespace AliyunAccessKey.Emulator.State;

/// <summary>What the state file holds. Secrets are in it (signatures need them): keep the file private.</summary>
internal sealed class StateDocument
{
    public int Format { get; set; } = 1;

    public string AccountId { get; set; } = string.Empty;

    public long NextSeq { get; set; } = 1;

    public long SeedCounter { get; set; }

    public List<UserDocument> Users { get; set; } = [];

    public List<AccessKeyDocument> AccessKeys { get; set; } = [];

    public List<SessionDocument> Sessions { get; set; } = [];
}

internal sealed class UserDocument
{
    public long Seq { get; set; }

    public string Name { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;

    public string? Comments { get; set; }

    public string? Email { get; set; }

    public string? MobilePhone { get; set; }

    public DateTime CreateDate { get; set; }

    public DateTime UpdateDate { get; set; }

    public DateTime? LastLoginDate { get; set; }

    public bool Frozen { get; set; }

    public Dictionary<string, string>? Tags { get; set; }
}

internal sealed class AccessKeyDocument
{
    public string Id { get; set; } = string.Empty;

    public string Secret { get; set; } = string.Empty;

    /// <summary>The owning user's Seq; null for the account's own keys.</summary>
    public long? OwnerSeq { get; set; }

    public bool Active { get; set; }

    public DateTime CreateDate { get; set; }

    public DateTime UpdateDate { get; set; }

    public DateTime? LastUsedDate { get; set; }

    public string? LastUsedService { get; set; }

    public bool Orphan { get; set; }
}

internal sealed class SessionDocument
{
    public string AccessKeyId { get; set; } = string.Empty;

    public string Secret { get; set; } = string.Empty;

    public string SecurityToken { get; set; } = string.Empty;

    public DateTime Expiration { get; set; }

    public string RoleName { get; set; } = string.Empty;

    public string SessionName { get; set; } = string.Empty;
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
    private readonly StateStore _store;
    private readonly TimeSpan _debounce;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private int _scheduled;
    private Task _pending = Task.CompletedTask;

    public StateFile(string path, StateStore store, TimeSpan debounce)
    {
        _path = Path.GetFullPath(path);
        _store = store;
        _debounce = debounce;
    }

    public string FullPath => _path;

    /// <summary>Loads the file into the store when it exists; true when it did.</summary>
    public bool TryLoad(DateTime now)
    {
        if (!File.Exists(_path))
        {
            return false;
        }

        using var stream = File.OpenRead(_path);
        var doc = JsonSerializer.Deserialize(stream, StateJsonContext.Default.StateDocument)
            ?? throw new InvalidDataException($"The state file {_path} is empty.");
        _store.Load(doc, now);
        return true;
    }

    /// <summary>Called on every change (under the store's lock): schedules one write.</summary>
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
            var doc = _store.ToDocument();
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
