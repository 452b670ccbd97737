using System.Text;
using System.Xml.Linq;
using AliyunAccessKey.Client;

namespace AliyunAccessKey.Credentials;

/// <summary>One profile, from the aliyun CLI's config.json or the INI credentials file, in one shape.</summary>
internal sealed class ProfileSpec
{
    internal ProfileSpec(string name, string origin, string mode, IReadOnlyDictionary<string, string> fields)
    {
        Name = name;
        Origin = origin;
        Mode = mode;
        Fields = fields;
    }

    internal string Name { get; }

    /// <summary>The file it came from, for messages.</summary>
    internal string Origin { get; }

    /// <summary>config.json mode (AK, StsToken, …) or INI type (access_key, …).</summary>
    internal string Mode { get; }

    internal IReadOnlyDictionary<string, string> Fields { get; }

    internal string? Get(string key) => Fields.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    internal string Require(string key) =>
        Get(key) ?? throw new AliyunCredentialException("ProfileIncomplete", $"Profile '{Name}' in {Origin} (mode {Mode}) has no '{key}'.");
}

/// <summary>Reads the files where Alibaba's own tools keep credentials.</summary>
internal static class ProfileFiles
{
    /// <summary>The user's home: USERPROFILE on Windows, HOME elsewhere — read each time, so tests can point it elsewhere.</summary>
    internal static string Home()
    {
        var windows = Path.DirectorySeparatorChar == '\\';
        var home = Environment.GetEnvironmentVariable(windows ? "USERPROFILE" : "HOME");
        return string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home!;
    }

    internal static string CliConfigPath() => Path.Combine(Home(), ".aliyun", "config.json");

    internal static string CredentialsFilePath() =>
        Environment.GetEnvironmentVariable("ALIBABA_CLOUD_CREDENTIALS_FILE") is { Length: > 0 } path
            ? path
            : Path.Combine(Home(), ".alibabacloud", "credentials");

    /// <summary>The CLI's profiles and its current profile name; null when the file does not exist.</summary>
    internal static (List<ProfileSpec> Profiles, string? Current)? ReadCliConfig(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        XElement root;
        try
        {
            root = Json.Parse(File.ReadAllBytes(path));
        }
        catch (JsonSyntaxException ex)
        {
            // Where the file is broken, never what it holds there: the spot may be inside a secret.
            var where = ex.LineNumber > 0 ? $" at line {ex.LineNumber}, column {ex.LinePosition}" : string.Empty;
            throw new AliyunCredentialException("MalformedCliConfig", $"{path} is not valid JSON: {ex.Reason}{where}.", ex);
        }

        var profiles = new List<ProfileSpec>();
        var list = root.Child("profiles");
        if (list is not null)
        {
            foreach (var p in list.Elements())
            {
                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var field in p.Elements())
                {
                    // Element names of JSON keys that are not XML names come back as <a:item item="name">.
                    var name = (string?)field.Attribute("item") ?? field.Name.LocalName;
                    fields[name] = field.Value;
                }

                var profileName = fields.TryGetValue("name", out var n) ? n : string.Empty;
                profiles.Add(new ProfileSpec(profileName, path, fields.TryGetValue("mode", out var m) ? m : "AK", fields));
            }
        }

        return (profiles, root.Str("current"));
    }

    /// <summary>The INI file's sections; null when the file does not exist.</summary>
    internal static List<ProfileSpec>? ReadCredentialsFile(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var sections = new List<ProfileSpec>();
        string? section = null;
        Dictionary<string, string>? fields = null;
        var lineNumber = 0;
        foreach (var raw in File.ReadAllLines(path, Encoding.UTF8))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#' || line[0] == ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                if (line[line.Length - 1] != ']')
                {
                    throw new AliyunCredentialException("MalformedCredentialsFile", $"{path} line {lineNumber}: a section header must look like [name].");
                }

                Close();
                section = line.Substring(1, line.Length - 2).Trim();
                fields = new Dictionary<string, string>(StringComparer.Ordinal);
                continue;
            }

            var eq = line.IndexOf('=');
            if (eq <= 0 || fields is null)
            {
                // Never quote the line: it may hold a secret.
                throw new AliyunCredentialException("MalformedCredentialsFile", $"{path} line {lineNumber}: expected key = value inside a [section].");
            }

            fields[line.Substring(0, eq).Trim()] = line.Substring(eq + 1).Trim();
        }

        Close();
        return sections;

        void Close()
        {
            if (section is not null && fields is not null)
            {
                sections.Add(new ProfileSpec(section, path, fields.TryGetValue("type", out var t) ? t : "access_key", fields));
            }
        }
    }
}
