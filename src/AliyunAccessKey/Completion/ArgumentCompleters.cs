using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using AliyunAccessKey.Credentials;
using AliyunAccessKey.Sessions;

namespace AliyunAccessKey.Completion;

/// <summary>Shared shape of the completers: quote when needed, never throw into the prompt, never hang it.</summary>
internal static class Completion
{
    /// <summary>Tab completion may call the service, but not for longer than a person waits.</summary>
    internal static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    private static readonly char[] NeedsQuotes = [' ', '\'', '"', '$', '`', '(', ')', ';', ',', '{', '}', '#', '|', '&', '<', '>'];

    internal static IEnumerable<CompletionResult> Matching(IEnumerable<(string Value, string Tooltip)> values, string wordToComplete)
    {
        var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        var pattern = WildcardPattern.Get(word + "*", WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
        foreach (var (value, tooltip) in values)
        {
            if (pattern.IsMatch(value))
            {
                var text = value.IndexOfAny(NeedsQuotes) >= 0 ? "'" + value.Replace("'", "''") + "'" : value;
                yield return new CompletionResult(text, value, CompletionResultType.ParameterValue, string.IsNullOrEmpty(tooltip) ? value : tooltip);
            }
        }
    }

    internal static AliyunSession? CurrentSession() => SessionStore.Current;

    /// <summary>
    /// Completes from the connected account: no session, no suggestion; <paramref name="values"/>
    /// (value, tooltip) may call the service within <see cref="Budget"/>.
    /// </summary>
    internal static IEnumerable<CompletionResult> FromSession(string wordToComplete, Func<AliyunSession, CancellationToken, IEnumerable<(string Value, string Tooltip)>> values) =>
        Safely(() =>
        {
            var session = CurrentSession();
            if (session is null)
            {
                return [];
            }

            using var cts = new CancellationTokenSource(Budget);
            return Matching(values(session, cts.Token).ToList(), wordToComplete);
        });

    internal static IEnumerable<CompletionResult> Safely(Func<IEnumerable<CompletionResult>> complete)
    {
        try
        {
            return complete().ToList();
        }
        catch (Exception ex) when (ex is Client.AliyunException or OperationCanceledException or InvalidOperationException or IOException or AliyunCredentialException)
        {
            // Completion offers what it can; a failure is simply no suggestion.
            return [];
        }
    }
}

/// <summary>Completes RAM users' UPNs from the connected account (ListUserBasicInfos, cached briefly).</summary>
internal sealed class UserPrincipalNameCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.FromSession(wordToComplete, static (session, ct) =>
            session.Completions.Users(session, ct).Select(u => (u.UserPrincipalName, $"{u.UserPrincipalName} ({u.DisplayName})")));
}

/// <summary>Completes AccessKey IDs of the user named by -UserPrincipalName (or the caller's).</summary>
internal sealed class AccessKeyIdCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.FromSession(wordToComplete, (session, ct) =>
        {
            var upn = fakeBoundParameters?["UserPrincipalName"] as string;
            var keys = session.Ims.ListAccessKeys(string.IsNullOrWhiteSpace(upn) ? null : upn, ct);
            return keys.Select(k => (k.AccessKeyId, $"{k.AccessKeyId} {k.Status}, created {k.CreateDate:u}"));
        });
}

/// <summary>Completes profile names from the aliyun CLI config and the credentials file (no network).</summary>
internal sealed class ProfileNameCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Safely(() =>
        {
            var names = new List<(string, string)>();
            if (ProfileFiles.ReadCliConfig(ProfileFiles.CliConfigPath()) is { } cli)
            {
                names.AddRange(cli.Profiles.Where(static p => p.Name.Length > 0).Select(static p => (p.Name, $"{p.Name} (aliyun CLI, mode {p.Mode})")));
            }

            if (ProfileFiles.ReadCredentialsFile(ProfileFiles.CredentialsFilePath()) is { } ini)
            {
                names.AddRange(ini.Select(static s => (s.Name, $"{s.Name} (credentials file, type {s.Mode})")));
            }

            return Completion.Matching(names, wordToComplete);
        });
}

/// <summary>Completes SecretManagement vault names (Get-SecretVault), when that module is present.</summary>
internal sealed class VaultNameCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.Safely(() =>
        {
            using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
            ps.AddCommand("Microsoft.PowerShell.SecretManagement\\Get-SecretVault").AddParameter("ErrorAction", "SilentlyContinue");
            var vaults = ps.Invoke();
            return Completion.Matching(vaults.Select(v => (v.Properties["Name"]?.Value?.ToString() ?? string.Empty, $"{v.Properties["Name"]?.Value} ({v.Properties["ModuleName"]?.Value})")).Where(static v => v.Item1.Length > 0), wordToComplete);
        });
}
