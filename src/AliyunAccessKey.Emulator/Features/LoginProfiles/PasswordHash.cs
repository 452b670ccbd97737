using System.Security.Cryptography;
using System.Text;

namespace AliyunAccessKey.Emulator.Features.LoginProfiles;

/// <summary>A salted SHA-256 of a password: enough to check one, useless to recover it.</summary>
internal sealed record PasswordHash(string Salt, string Hash)
{
    public static PasswordHash Of(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return new PasswordHash(Convert.ToBase64String(salt), Compute(salt, password));
    }

    public bool Matches(string password) =>
        CryptographicOperations.FixedTimeEquals(
            Convert.FromBase64String(Hash),
            Convert.FromBase64String(Compute(Convert.FromBase64String(Salt), password)));

    private static string Compute(byte[] salt, string password)
    {
        var text = Encoding.UTF8.GetBytes(password);
        var input = new byte[salt.Length + text.Length];
        salt.CopyTo(input, 0);
        text.CopyTo(input, salt.Length);
        return Convert.ToBase64String(SHA256.HashData(input));
    }
}
