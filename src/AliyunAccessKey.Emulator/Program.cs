namespace AliyunAccessKey.Emulator;

internal static class Program
{
    public static Task<int> Main(string[] args) => CommandLine.RunAsync(args);
}
