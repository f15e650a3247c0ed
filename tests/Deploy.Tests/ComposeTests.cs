using EShop.Tests.Shared;
using YamlDotNet.RepresentationModel;

namespace EShop.Deploy.Tests;

/// <summary>docker/docker-compose.yml beyond <c>config -q</c>: every service says when it is healthy, and the Api
/// starts only after healthy silos (a client Api with no silo to join would fail its first requests).</summary>
public sealed class ComposeTests
{
    private static readonly YamlMappingNode Services = Load();

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Repository.PathOf("docker/docker-compose.yml"));
        stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return (YamlMappingNode)root["services"];
    }

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services[name];

    [Fact]
    public void Every_service_has_a_healthcheck_with_a_command()
    {
        Assert.True(Services.Children.Count >= 6);
        foreach (var (name, node) in Services.Children)
        {
            var service = (YamlMappingNode)node;
            Assert.True(service.Children.ContainsKey("healthcheck"), $"{name} has no healthcheck");
            var test = ((YamlMappingNode)service["healthcheck"])["test"];
            Assert.True(test is YamlSequenceNode { Children.Count: > 1 }, $"{name}: healthcheck test is not a command");
        }
    }

    [Fact]
    public void The_api_waits_for_every_silo_to_be_healthy_and_probes_its_own_readiness()
    {
        var silos = Services.Children.Keys.Select(k => k.ToString()).Where(k => k.StartsWith("silo", StringComparison.Ordinal)).ToList();
        Assert.True(silos.Count >= 2);
        var dependsOn = (YamlMappingNode)Service("api")["depends_on"];
        foreach (var silo in silos)
            Assert.Equal("service_healthy", ((YamlMappingNode)dependsOn[silo])["condition"].ToString());
        Assert.Contains("/health/ready", ((YamlSequenceNode)((YamlMappingNode)Service("api")["healthcheck"])["test"]).Children.Select(c => c.ToString()).Last());
        Assert.Contains("/health/ready", ((YamlSequenceNode)((YamlMappingNode)Service("silo1")["healthcheck"])["test"]).Children.Select(c => c.ToString()).Last());
    }

    [Fact]
    public void The_dockerfile_images_run_as_a_user_and_check_their_health()
    {
        var dockerfile = File.ReadAllText(Repository.PathOf("docker/Dockerfile"));
        Assert.Contains("USER app", dockerfile, StringComparison.Ordinal);
        Assert.Equal(2, dockerfile.Split("HEALTHCHECK").Length - 1);
        Assert.Contains("--probe", dockerfile, StringComparison.Ordinal);
    }
}
