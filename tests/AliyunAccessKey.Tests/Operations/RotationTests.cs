using AliyunAccessKey.Client;
using AliyunAccessKey.Model;
using AliyunAccessKey.Operations;
using Xunit;
using Key = AliyunAccessKey.Model.AccessKey;

namespace AliyunAccessKey.Tests.Operations;

/// <summary>The rotation's stage decisions, without PowerShell: an in-memory IMS, a scripted host, a fixed clock.</summary>
public sealed class RotationTests
{
    private const string Upn = "alice@example.onaliyun.com";
    private static readonly DateTime Now = new(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Create_makes_a_second_key_and_puts_its_secret_in_the_result()
    {
        var ims = new FakeIms().With("OLD", "Active", Now.AddDays(-100));
        var outcome = Run(ims, RotationStage.Create, out var rotation);

        Assert.True(outcome.Emit);
        Assert.Null(outcome.Failure);
        Assert.Equal("Created", outcome.Result.Result);
        Assert.Equal("OLD", outcome.Result.OldAccessKeyId);
        Assert.Equal("NEW1", outcome.Result.NewAccessKeyId);
        Assert.Equal("secret-NEW1", outcome.Result.NewAccessKeySecret);
        Assert.Equal("NEW1", rotation.Pending?.AccessKeyId);
    }

    [Fact]
    public void Create_run_again_is_AlreadyCreated_and_creates_nothing()
    {
        var ims = new FakeIms().With("OLD", "Active", Now.AddDays(-100)).With("NEW", "Active", Now.AddDays(-1));
        var outcome = Run(ims, RotationStage.Create, out _);

        Assert.Equal("AlreadyCreated", outcome.Result.Result);
        Assert.Equal(0, ims.Creates);
        Assert.Equal("NEW", outcome.Result.NewAccessKeyId);
    }

    [Fact]
    public void A_user_without_keys_is_NoKey_and_the_later_stages_do_not_run()
    {
        var ims = new FakeIms();
        var outcome = Run(ims, RotationStage.All, out _);

        Assert.True(outcome.Emit);
        Assert.Null(outcome.Failure);
        Assert.Equal("NoKey", outcome.Result.Result);
        Assert.Equal(["List"], ims.Calls);
    }

    [Fact]
    public void A_named_key_that_is_not_there_is_AccessKeyNotFound()
    {
        var ims = new FakeIms();
        var outcome = Run(ims, RotationStage.Create, out _, accessKeyId: "GONE");

        Assert.False(outcome.Emit);
        Assert.Equal(RotationFailureKind.InvalidInput, outcome.Failure?.Kind);
        Assert.Equal("AccessKeyNotFound", outcome.Failure?.ErrorId);
    }

    [Theory]
    [InlineData(30, "NotDue", 0)]
    [InlineData(5, "Created", 1)]
    public void OlderThanDays_is_measured_on_the_injected_clock(int days, string expected, int creates)
    {
        var ims = new FakeIms().With("OLD", "Active", Now.AddDays(-10));
        var host = new FakeHost();
        var outcome = Run(ims, RotationStage.Create, out _, host: host, olderThanDays: days);

        Assert.Equal(expected, outcome.Result.Result);
        Assert.Equal(creates, ims.Creates);
        if (creates == 0)
        {
            Assert.Contains(host.Log, l => l.Contains("is 10 days old, not older than 30; not due.", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Disable_refuses_while_the_new_key_is_not_Active()
    {
        var ims = new FakeIms().With("OLD", "Active", Now.AddDays(-100)).With("NEW", "Inactive", Now.AddDays(-1));
        var outcome = Run(ims, RotationStage.Disable, out _);

        Assert.False(outcome.Emit);
        Assert.Equal(RotationFailureKind.Refused, outcome.Failure?.Kind);
        Assert.Equal("RotationWouldLeaveNoActiveKey", outcome.Failure?.ErrorId);
        Assert.DoesNotContain(ims.Calls, c => c.StartsWith("Update", StringComparison.Ordinal));
    }

    [Fact]
    public void Disable_refuses_an_old_key_used_in_the_same_second_the_new_one_was_created_unless_forced()
    {
        var created = Now.AddDays(-1);
        var ims = new FakeIms().With("OLD", "Active", Now.AddDays(-100)).With("NEW", "Active", created);
        ims.LastUsed["OLD"] = created;

        var refused = Run(ims, RotationStage.Disable, out _);
        Assert.Equal("OldKeyStillInUse", refused.Failure?.ErrorId);
        Assert.Equal("Active", ims.Status("OLD"));

        var forced = Run(ims, RotationStage.Disable, out _, force: true);
        Assert.Null(forced.Failure);
        Assert.Equal("Disabled", forced.Result.Result);
        Assert.Equal("Inactive", ims.Status("OLD"));
    }

    [Fact]
    public void Disable_and_Delete_run_again_are_AlreadyDisabled_and_NothingToDelete()
    {
        var ims = new FakeIms().With("OLD", "Inactive", Now.AddDays(-100)).With("NEW", "Active", Now.AddDays(-1));
        Assert.Equal("AlreadyDisabled", Run(ims, RotationStage.Disable, out _).Result.Result);
        Assert.Equal("Deleted", Run(ims, RotationStage.Delete, out _).Result.Result);

        var again = Run(ims, RotationStage.Delete, out _);
        Assert.Equal("NothingToDelete", again.Result.Result);
        Assert.Equal("NEW", again.Result.NewAccessKeyId);
        Assert.Null(again.Result.OldAccessKeyId);
        Assert.Null(again.Failure);
    }

    [Fact]
    public void Delete_refuses_an_old_key_that_is_still_Active()
    {
        var ims = new FakeIms().With("OLD", "Active", Now.AddDays(-100)).With("NEW", "Active", Now.AddDays(-1));
        var outcome = Run(ims, RotationStage.Delete, out _);

        Assert.Equal("OldKeyNotDisabled", outcome.Failure?.ErrorId);
        Assert.Equal(2, ims.Keys.Count);
    }

    [Fact]
    public void A_key_created_before_a_later_stage_failed_still_goes_out_with_its_secret_and_the_error()
    {
        var ims = new FakeIms().With("OLD", "Active", Now.AddDays(-100));
        ims.FailLastUsed = new AliyunServiceException("GetAccessKeyLastUsed", 500, "InternalError", "boom", "req-1", null, null);
        var outcome = Run(ims, RotationStage.All, out var rotation);

        Assert.True(outcome.Emit, "the result holds the only copy of the new secret");
        Assert.Equal("Created", outcome.Result.Result);
        Assert.Equal("secret-NEW1", outcome.Result.NewAccessKeySecret);
        Assert.Equal(RotationFailureKind.Error, outcome.Failure?.Kind);
        Assert.Same(ims.FailLastUsed, outcome.Failure?.Exception);
        Assert.NotNull(rotation.Pending);
    }

    [Fact]
    public void A_fault_nobody_foresaw_is_the_outcome_s_failure_not_an_escape()
    {
        var ims = new FakeIms().With("OLD", "Active", Now.AddDays(-100));
        ims.FailList = new InvalidCastException("bad answer");
        var outcome = Run(ims, RotationStage.Create, out _);

        Assert.False(outcome.Emit);
        Assert.Equal(RotationFailureKind.Error, outcome.Failure?.Kind);
        Assert.IsType<InvalidCastException>(outcome.Failure?.Exception);
    }

    [Fact]
    public void The_host_s_own_fault_is_not_the_rotation_s_to_report()
    {
        var ims = new FakeIms().With("OLD", "Active", Now.AddDays(-100));
        var host = new FakeHost { ConfirmThrows = new InvalidOperationException("pipeline stopping") };
        var rotation = new Rotation(ims, () => Now);

        Assert.Throws<InvalidOperationException>(() => rotation.Run(Request(RotationStage.Create), host, CancellationToken.None));
        Assert.Equal(0, ims.Creates);
    }

    [Fact]
    public void A_No_at_the_prompt_changes_nothing()
    {
        var ims = new FakeIms().With("OLD", "Active", Now.AddDays(-100));
        var outcome = Run(ims, RotationStage.Create, out _, host: new FakeHost { Answer = false });

        Assert.False(outcome.Emit);
        Assert.Null(outcome.Failure);
        Assert.Equal(0, ims.Creates);
    }

    [Fact]
    public void Vault_hand_off_names_the_secret_and_keeps_it_out_of_the_result()
    {
        var ims = new FakeIms().With("OLD", "Active", Now.AddDays(-100));
        var outcome = Run(ims, RotationStage.Create, out var rotation, vault: "v");

        Assert.Equal("v", outcome.Result.Vault);
        Assert.Equal("stored-NEW1", outcome.Result.SecretName);
        Assert.Null(outcome.Result.NewAccessKeySecret);
        Assert.True(rotation.Pending?.Stored);
    }

    [Fact]
    public void A_failed_vault_hand_off_is_VaultStoreFailed_and_leaves_nothing_pending()
    {
        var ims = new FakeIms().With("OLD", "Active", Now.AddDays(-100));
        var host = new FakeHost { StoreThrows = new InvalidOperationException("vault said no; the key was deleted again") };
        var outcome = Run(ims, RotationStage.Create, out var rotation, host: host, vault: "v");

        Assert.False(outcome.Emit);
        Assert.Equal(RotationFailureKind.VaultStoreFailed, outcome.Failure?.Kind);
        Assert.Same(host.StoreThrows, outcome.Failure?.Exception);
        Assert.Null(rotation.Pending);
    }

    [Fact]
    public void Taking_back_after_Disable_was_sent_enables_the_old_key_before_deleting_the_new_one()
    {
        var ims = new FakeIms().With("OLD", "Active", Now.AddDays(-100));
        var outcome = Run(ims, RotationStage.All, out var rotation, force: true);
        Assert.Equal("Created, Disabled, Deleted", outcome.Result.Result);

        // A second user whose run is stopped after Disable: nothing was handed over.
        ims = new FakeIms().With("OLD", "Active", Now.AddDays(-100));
        ims.FailDelete = new OperationCanceledException();
        using var stop = new CancellationTokenSource();
        rotation = new Rotation(ims, () => Now);
        Assert.Throws<OperationCanceledException>(() =>
        {
            ims.OnDelete = stop.Cancel;
            rotation.Run(Request(RotationStage.All, force: true), new FakeHost(), stop.Token);
        });
        Assert.Equal("OLD", rotation.Pending?.DisableSentFor);

        ims.FailDelete = null;
        ims.OnDelete = null;
        ims.Calls.Clear();
        rotation.TakeBack(CancellationToken.None);

        Assert.Equal(["Update OLD Active", "Delete NEW1"], ims.Calls);
        Assert.Equal("Active", ims.Status("OLD"));
        Assert.Null(rotation.Pending);
    }

    [Fact]
    public void A_handed_over_result_is_not_taken_back()
    {
        var ims = new FakeIms().With("OLD", "Active", Now.AddDays(-100));
        Run(ims, RotationStage.Create, out var rotation);
        rotation.HandedOver();
        rotation.TakeBack(CancellationToken.None);

        Assert.Equal(2, ims.Keys.Count);
    }

    private static RotationRequest Request(RotationStage stage, string? accessKeyId = null, int? olderThanDays = null, bool force = false, string? vault = null) => new()
    {
        UserPrincipalName = Upn,
        Stage = stage,
        AccessKeyId = accessKeyId,
        OlderThanDays = olderThanDays,
        Force = force,
        Vault = vault,
    };

    private static RotationOutcome Run(FakeIms ims, RotationStage stage, out Rotation rotation, FakeHost? host = null, string? accessKeyId = null, int? olderThanDays = null, bool force = false, string? vault = null)
    {
        rotation = new Rotation(ims, () => Now);
        return rotation.Run(Request(stage, accessKeyId, olderThanDays, force, vault), host ?? new FakeHost(), CancellationToken.None);
    }

    private sealed class FakeHost : IRotationHost
    {
        public bool Answer { get; set; } = true;

        public Exception? ConfirmThrows { get; set; }

        public Exception? StoreThrows { get; set; }

        public List<string> Log { get; } = [];

        public bool Confirm(string target, string action) => ConfirmThrows is null ? Answer : throw ConfirmThrows;

        public void Verbose(string message) => Log.Add(message);

        public string StoreInVault(NewAccessKey created) => StoreThrows is null ? "stored-" + created.AccessKeyId : throw StoreThrows;
    }

    internal sealed class FakeIms : IRotationIms
    {
        public List<Key> Keys { get; } = [];

        public Dictionary<string, DateTime> LastUsed { get; } = [];

        public List<string> Calls { get; } = [];

        public int Creates { get; private set; }

        public Exception? FailList { get; set; }

        public Exception? FailLastUsed { get; set; }

        public Exception? FailDelete { get; set; }

        public Action? OnDelete { get; set; }

        public FakeIms With(string id, string status, DateTime created)
        {
            Keys.Add(new Key { AccessKeyId = id, Status = status, CreateDate = created, UserPrincipalName = Upn });
            return this;
        }

        public string? Status(string id) => Keys.FirstOrDefault(k => k.AccessKeyId == id)?.Status;

        public IReadOnlyList<Key> ListAccessKeys(string userPrincipalName, CancellationToken cancellationToken)
        {
            Calls.Add("List");
            return FailList is null ? Keys.ToList() : throw FailList;
        }

        public AccessKeyLastUsed GetAccessKeyLastUsed(string accessKeyId, string userPrincipalName, CancellationToken cancellationToken)
        {
            Calls.Add("LastUsed " + accessKeyId);
            return FailLastUsed is null
                ? new AccessKeyLastUsed { LastUsedDate = LastUsed.TryGetValue(accessKeyId, out var d) ? d : null }
                : throw FailLastUsed;
        }

        public void UpdateAccessKey(string accessKeyId, string status, string userPrincipalName, CancellationToken cancellationToken)
        {
            Calls.Add($"Update {accessKeyId} {status}");
            Keys.First(k => k.AccessKeyId == accessKeyId).Status = status;
        }

        public void DeleteAccessKey(string accessKeyId, string userPrincipalName, CancellationToken cancellationToken)
        {
            OnDelete?.Invoke();
            cancellationToken.ThrowIfCancellationRequested();
            Calls.Add("Delete " + accessKeyId);
            Keys.RemoveAll(k => k.AccessKeyId == accessKeyId);
        }

        public NewAccessKey CreateAccessKey(string userPrincipalName, Action<string> log, CancellationToken cancellationToken)
        {
            Creates++;
            var id = "NEW" + Creates;
            Calls.Add("Create " + id);
            Keys.Add(new Key { AccessKeyId = id, Status = "Active", CreateDate = Now, UserPrincipalName = userPrincipalName });
            using var secret = new System.Security.SecureString();
            foreach (var c in "secret-" + id)
            {
                secret.AppendChar(c);
            }

            return new NewAccessKey(id, secret.Copy(), "Active", Now, userPrincipalName);
        }
    }
}
