namespace AliyunAccessKey.Emulator.Tests.Support;

/// <summary>A private emulator and a client for one test; dispose stops both.</summary>
public sealed class Emu : IAsyncDisposable
{
    private Emu(EmulatorServer server, ApiClient client)
    {
        Server = server;
        Client = client;
    }

    public EmulatorServer Server { get; }

    public ApiClient Client { get; }

    public EmulatorState State => Server.State;

    public static async Task<Emu> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions();
        configure?.Invoke(options);
        var server = await EmulatorServer.StartAsync(options);
        Func<DateTime> now = () => options.TimeProvider.GetUtcNow().UtcDateTime.AddSeconds(server.Knobs.ClockOffsetSeconds);
        return new Emu(server, new ApiClient(server.BaseAddress, now));
    }

    public string Upn(string name) => State.Upn(name);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
