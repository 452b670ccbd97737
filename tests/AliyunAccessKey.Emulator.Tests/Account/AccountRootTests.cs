using System.Reflection;
using AliyunAccessKey.Emulator.Account;
using AliyunAccessKey.Emulator.Features.AccessKeys;
using AliyunAccessKey.Emulator.Features.Users;

namespace AliyunAccessKey.Emulator.Tests.Account;

/// <summary>
/// The account root owns the one lock and marks every write changed itself, so no action can
/// change the state and forget to have it saved; a change outside a Write fails loudly.
/// </summary>
public class AccountRootTests
{
    private static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static (AccountRoot Root, Func<int> Changes) NewRoot()
    {
        var root = new AccountRoot(AccountProfile.From(new EmulatorOptions()), Now);
        var changes = 0;
        root.Changed += () => changes++;
        return (root, () => changes);
    }

    [Fact]
    public void Write_marks_the_state_changed_and_Read_does_not()
    {
        var (root, changes) = NewRoot();
        Assert.Equal(0, root.Read(static s => s.Users.Count));
        Assert.Equal(0, changes());

        root.Write(static s => s.Users.Create("alice", "Alice", Now));
        Assert.Equal(1, changes());
        Assert.Equal(1, root.Read(static s => s.Users.Count));
    }

    [Fact]
    public void A_write_that_fails_part_way_is_still_marked_changed()
    {
        var (root, changes) = NewRoot();
        Assert.Throws<InvalidDataException>(() => root.Write(static s =>
        {
            s.Users.Create("bob", "Bob", Now);
            throw new InvalidDataException("fails after a change");
        }));
        Assert.Equal(1, changes());
        Assert.NotNull(root.Read(static s => s.Users.FindByName("bob")));
    }

    [Fact]
    public void Nested_writes_mark_the_state_changed_once_when_the_outer_one_ends()
    {
        var (root, changes) = NewRoot();
        root.Write(s =>
        {
            root.Write(static inner => inner.Users.Create("carol", "Carol", Now));
            Assert.Equal(0, changes());
            s.Users.Create("dave", "Dave", Now);
        });
        Assert.Equal(1, changes());
    }

    [Fact]
    public void A_record_refuses_a_change_outside_a_Write()
    {
        var (root, changes) = NewRoot();
        var user = root.Write(static s => s.Users.Create("erin", "Erin", Now));
        var before = changes();

        Assert.Throws<InvalidOperationException>(() => user.DisplayName = "outside");
        Assert.Throws<InvalidOperationException>(() => root.Read(s => user.DisplayName = "in a read"));
        Assert.Equal("Erin", user.DisplayName);
        Assert.Equal(before, changes());

        root.Write(s => user.DisplayName = "in a write");
        Assert.Equal("in a write", user.DisplayName);
        Assert.Equal(before + 1, changes());
    }

    /// <summary>Catches a property added to a record without the guard.</summary>
    [Theory]
    [InlineData(typeof(UserRecord))]
    [InlineData(typeof(AccessKeyRecord))]
    public void Every_settable_property_of_a_record_refuses_a_change_outside_a_Write(Type type)
    {
        var (root, _) = NewRoot();
        object record = root.Write<object>(s => type == typeof(UserRecord) ? s.Users.Create("frank", "Frank", Now) : s.AccessKeys.Create(null, Now));
        var settable = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(static p => p.SetMethod is not null).ToList();
        Assert.NotEmpty(settable);
        foreach (var property in settable)
        {
            var value = property.GetValue(record);
            var error = Assert.Throws<TargetInvocationException>(() => property.SetValue(record, value));
            Assert.IsType<InvalidOperationException>(error.InnerException);
        }
    }

    [Fact]
    public void Every_changing_method_of_the_stores_refuses_to_run_inside_a_Read()
    {
        var (root, changes) = NewRoot();
        var (user, key, role) = root.Write(static s =>
        {
            var u = s.Users.Create("gina", "Gina", Now);
            return (u, s.AccessKeys.Create(u, Now), s.Sts.FindRoleByName("test-role")!);
        });
        var before = changes();
        Action<AccountState>[] changesInARead =
        [
            static s => s.Users.Create("hank", "Hank", Now),
            s => s.Users.Rename(user, "gina2"),
            s => s.Users.Delete(user),
            static s => s.Users.Seed(1, Now, 0),
            static s => s.Users.Clear(),
            s => s.AccessKeys.Create(user, Now),
            s => s.AccessKeys.Delete(key),
            s => s.AccessKeys.RecordUse(key, "ims", Now),
            s => s.AccessKeys.MarkOrphan(key),
            static s => s.AccessKeys.Clear(Now),
            s => s.Sts.CreateSession(role, "s1", Now.AddHours(1)),
            static s => s.Sts.Clear(),
            static s => s.Reset(Now),
            static s => s.Seed(1, 1, Now),
            static s => s.Load(s.ToDocument(), Now),
        ];
        foreach (var change in changesInARead)
        {
            Assert.Throws<InvalidOperationException>(() => root.Read(s =>
            {
                change(s);
                return true;
            }));
        }

        Assert.Equal(before, changes());
        Assert.Equal(("gina", 1, 2, 0), root.Read(s => (user.Name, s.Users.Count, s.AccessKeys.Count, s.Sts.SessionCount)));
    }

    [Fact]
    public async Task Another_thread_cannot_change_a_record_while_a_Write_holds_the_lock()
    {
        var (root, _) = NewRoot();
        var user = root.Write(static s => s.Users.Create("ivan", "Ivan", Now));
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var writer = Task.Run(() => root.Write(_ =>
        {
            inside.Set();
            release.Wait(TimeSpan.FromSeconds(10));
        }));
        try
        {
            Assert.True(inside.Wait(TimeSpan.FromSeconds(10)));
            Assert.Throws<InvalidOperationException>(() => user.Frozen = true);
        }
        finally
        {
            release.Set();
        }

        await writer.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(user.Frozen);
    }
}
