using EShop.Tests.Shared;

namespace EShop.Grains.Tests.Events;

/// <summary>docs/asyncapi.yaml: valid AsyncAPI 3 (the AsyncAPI parser, with every schema file it references), one message per event schema.</summary>
public sealed class AsyncApiDocumentTests
{
    [Fact]
    public async Task The_asyncapi_document_is_valid_and_names_every_event_schema()
    {
        var document = await File.ReadAllTextAsync(Repository.PathOf("docs/asyncapi.yaml"), TestContext.Current.CancellationToken);
        Assert.All(EventSchemas.All.Keys, type => Assert.Contains($"./events/{type}.schema.json", document, StringComparison.Ordinal));

        // tools/contracts: npm ci there first (.ci/run does).
        var (exitCode, output) = await Repository.RunAsync("node", ["tools/contracts/validate-asyncapi.mjs", "docs/asyncapi.yaml"], TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"valid AsyncAPI 3.1.0, {EventSchemas.All.Count} messages", output, StringComparison.Ordinal);
    }
}
