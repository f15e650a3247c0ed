using EShop.Api.Tests.Infrastructure;
using EShop.Tests.Shared;
using Spectre.Console;

namespace EShop.Api.Tests.LoadTesting;

/// <summary>The test Api on a real Kestrel port, so that the load tester reaches it over sockets as it would a shop.</summary>
public sealed class LoadTesterApiFactory : ApiFactory
{
    public LoadTesterApiFactory()
    {
        Port = FreePorts.Take(1)[0];
        UseKestrel(Port);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public override ValueTask InitializeAsync()
    {
        StartServer();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A console for the tool that writes plain lines into a buffer, as a CI log would get them.</summary>
public sealed class CapturedConsole : IDisposable
{
    private readonly StringWriter _writer = new();

    public CapturedConsole() => Console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(_writer),
    });

    public IAnsiConsole Console { get; }

    public string Text => _writer.ToString();

    public void Dispose() => _writer.Dispose();
}
