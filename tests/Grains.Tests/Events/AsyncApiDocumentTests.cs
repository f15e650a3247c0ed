using System.Diagnostics;
using EShop.Tests.Shared;

namespace EShop.Grains.Tests.Events;

/// <summary>docs/asyncapi.yaml: valid AsyncAPI 3 (the AsyncAPI parser, with every schema file it references), one message per event schema.</summary>
public sealed class AsyncApiDocumentTests
{
    [Fact]
    public async Task The_asyncapi_document_is_valid_and_names_every_event_schema()
    {
        var root = Directory.GetParent(EventSchemas.Folder)!.Parent!.FullName;
        var document = await File.ReadAllTextAsync(Path.Combine(root, "docs", "asyncapi.yaml"), TestContext.Current.CancellationToken);
        Assert.All(EventSchemas.All.Keys, type => Assert.Contains($"./events/{type}.schema.json", document, StringComparison.Ordinal));

        // tools/contracts: npm ci there first (.ci/run does).
        var start = new ProcessStartInfo("node", ["tools/contracts/validate-asyncapi.mjs", "docs/asyncapi.yaml"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken) + await node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(node.ExitCode == 0, output);
        Assert.Contains($"valid AsyncAPI 3.1.0, {EventSchemas.All.Count} messages", output, StringComparison.Ordinal);
    }
}
