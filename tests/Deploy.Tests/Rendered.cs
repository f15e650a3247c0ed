using System.Diagnostics;
using k8s;
using EShop.Tests.Shared;
using k8s.Models;

namespace EShop.Deploy.Tests;

/// <summary>An overlay of deploy/k8s rendered by <c>kubectl kustomize</c>, every object read strictly into its model.</summary>
public sealed class Rendered
{
    /// <summary>Custom resources the shop uses, with models of the fields it sets (strict reading catches a typo).</summary>
    private static readonly Dictionary<string, Type> CustomKinds = new(StringComparer.Ordinal)
    {
        ["keda.sh/v1alpha1/ScaledObject"] = typeof(ScaledObject),
    };

    private static readonly Dictionary<string, Rendered> Cache = new(StringComparer.Ordinal);

    private Rendered(string overlay, string yaml, IReadOnlyList<object> objects) => (Overlay, Yaml, Objects) = (overlay, yaml, objects);

    public string Overlay { get; }

    public string Yaml { get; }

    public IReadOnlyList<object> Objects { get; }

    public static Rendered Overlays(string overlay)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(overlay, out var rendered))
                Cache[overlay] = rendered = Render(overlay);
            return rendered;
        }
    }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T One<T>(string name)
        where T : IKubernetesObject<V1ObjectMeta> =>
        Assert.Single(All<T>(), o => o.Metadata.Name == name);

    /// <summary>Every pod template with its owner's kind and name.</summary>
    public IEnumerable<(string Owner, V1PodTemplateSpec Template)> PodTemplates() =>
        All<V1Deployment>().Select(d => ($"Deployment/{d.Metadata.Name}", d.Spec.Template))
            .Concat(All<V1StatefulSet>().Select(s => ($"StatefulSet/{s.Metadata.Name}", s.Spec.Template)));

    private static Rendered Render(string overlay)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", Repository.PathOf($"deploy/k8s/overlays/{overlay}")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill();
            throw new TimeoutException("kubectl kustomize took over a minute");
        }

        Assert.True(process.ExitCode == 0, $"kubectl kustomize {overlay} failed: {errors.Result}");
        var yaml = output.Result;
        // strict: a field the Kubernetes model (or ours, for custom kinds) does not know fails the test.
        var objects = KubernetesYaml.LoadAllFromString(yaml, CustomKinds, strict: true);
        return new Rendered(overlay, yaml, objects);
    }
}

/// <summary>The fields of KEDA's ScaledObject (keda.sh/v1alpha1) that the shop sets.</summary>
public sealed class ScaledObject : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public V1ObjectMeta Metadata { get; set; } = new();

    public ScaledObjectSpec Spec { get; set; } = new();
}

public sealed class ScaledObjectSpec
{
    public V2CrossVersionObjectReference ScaleTargetRef { get; set; } = new();

    public int? MinReplicaCount { get; set; }

    public int? MaxReplicaCount { get; set; }

    public int? PollingInterval { get; set; }

    public int? CooldownPeriod { get; set; }

    public ScaledObjectAdvanced? Advanced { get; set; }

    public List<ScaledObjectTrigger> Triggers { get; set; } = [];
}

public sealed class ScaledObjectAdvanced
{
    public ScaledObjectHpaConfig? HorizontalPodAutoscalerConfig { get; set; }
}

public sealed class ScaledObjectHpaConfig
{
    public V2HorizontalPodAutoscalerBehavior? Behavior { get; set; }
}

public sealed class ScaledObjectTrigger
{
    public string Type { get; set; } = "";

    public Dictionary<string, string> Metadata { get; set; } = [];
}
