using k8s.Models;

namespace EShop.Deploy.Tests;

/// <summary>
/// deploy/k8s, both overlays, as kubectl renders them: every object reads strictly into its Kubernetes model, and the
/// properties a running shop depends on hold (probes, limits, identity for Orleans, who may reach what, no secrets).
/// </summary>
public sealed class KubernetesManifestTests
{
    public static TheoryData<string> Overlays => ["dev", "prod"];

    private static readonly string[] OrleansPodEnvironment = ["POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID"];

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_overlay_renders_into_known_kinds_in_one_namespace(string overlay)
    {
        var rendered = Rendered.Overlays(overlay);

        var kinds = rendered.Objects.Select(o => o.GetType().Name).ToHashSet();
        Assert.Superset(new HashSet<string> { nameof(V1Deployment), nameof(V1Service), nameof(V1PodDisruptionBudget), nameof(V2HorizontalPodAutoscaler), nameof(V1Ingress), nameof(V1NetworkPolicy), nameof(V1ConfigMap), nameof(V1Role), nameof(V1RoleBinding), nameof(V1ServiceAccount) }, kinds);
        var expected = overlay == "dev" ? "eshop-dev" : "eshop";
        Assert.All(rendered.Objects.OfType<k8s.IKubernetesObject<V1ObjectMeta>>().Where(o => o is not V1Namespace),
            o => Assert.Equal(expected, o.Metadata.NamespaceProperty));
        Assert.Single(rendered.All<V1Namespace>(), n => n.Metadata.Name == expected);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_container_has_probes_requests_limits_and_runs_unprivileged(string overlay)
    {
        foreach (var (owner, template) in Rendered.Overlays(overlay).PodTemplates())
        {
            var pod = template.Spec;
            Assert.True(pod.SecurityContext?.RunAsNonRoot == true, $"{owner}: runAsNonRoot");
            Assert.Equal("RuntimeDefault", pod.SecurityContext?.SeccompProfile?.Type);
            foreach (var container in pod.Containers)
            {
                var where = $"{owner}/{container.Name}";
                Assert.False(string.IsNullOrEmpty(container.Image), $"{where}: image");
                Assert.True(container.LivenessProbe is not null, $"{where}: liveness probe");
                Assert.True(container.ReadinessProbe is not null, $"{where}: readiness probe");
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    Assert.True(container.Resources?.Requests?.ContainsKey(resource) == true, $"{where}: {resource} request");
                    Assert.True(container.Resources?.Limits?.ContainsKey(resource) == true, $"{where}: {resource} limit");
                }

                Assert.True(container.SecurityContext?.AllowPrivilegeEscalation == false, $"{where}: allowPrivilegeEscalation");
                Assert.Contains("ALL", container.SecurityContext?.Capabilities?.Drop ?? []);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_shops_own_containers_have_read_only_roots_and_no_secret_in_plain_text(string overlay)
    {
        var rendered = Rendered.Overlays(overlay);
        foreach (var name in new[] { "eshop-silo", "eshop-api" })
        {
            var container = Assert.Single(rendered.One<V1Deployment>(name).Spec.Template.Spec.Containers);
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem == true, $"{name}: readOnlyRootFilesystem");
            // A read-only root still needs a writable /tmp (the .NET runtime and ASP.NET Core use it).
            Assert.Contains(container.VolumeMounts, m => m.MountPath == "/tmp");
            foreach (var env in container.Env.Where(e => IsSecretName(e.Name)))
            {
                Assert.True(env.Value is null, $"{name}: {env.Name} has a literal value");
                Assert.Equal("eshop-secrets", env.ValueFrom?.SecretKeyRef?.Name);
            }
        }

        // Secrets are created in the cluster (docs/deployment.md), never rendered from the repository.
        Assert.Empty(rendered.All<V1Secret>());
        Assert.All(rendered.All<V1ConfigMap>().SelectMany(c => c.Data), pair => Assert.False(IsSecretName(pair.Key), $"ConfigMap key {pair.Key}"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Silos_carry_what_Orleans_Kubernetes_hosting_needs(string overlay)
    {
        var rendered = Rendered.Overlays(overlay);
        var silo = rendered.One<V1Deployment>("eshop-silo");
        var template = silo.Spec.Template;
        Assert.Contains("orleans/serviceId", template.Metadata.Labels.Keys);
        Assert.Contains("orleans/clusterId", template.Metadata.Labels.Keys);
        var container = Assert.Single(template.Spec.Containers);
        var env = container.Env.ToDictionary(e => e.Name);
        Assert.All(OrleansPodEnvironment, name => Assert.True(env.ContainsKey(name), $"silo env {name}"));
        Assert.Equal("metadata.labels['orleans/serviceId']", env["ORLEANS_SERVICE_ID"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("true", env["Orleans__Kubernetes"].Value);
        Assert.Equal([11111, 30000], container.Ports.Where(p => p.Name is "silo" or "gateway").Select(p => p.ContainerPort).Order());
        Assert.Equal("/health/ready", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/health/live", container.LivenessProbe.HttpGet.Path);
        // Time to hand grains over on shutdown, and never two silos drained at once.
        Assert.InRange(template.Spec.TerminationGracePeriodSeconds ?? 30, 60, 600);
        Assert.Equal("0", silo.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.NotNull(template.Spec.Affinity?.PodAntiAffinity);
        var budget = Assert.Single(rendered.All<V1PodDisruptionBudget>(), p => Selects(p.Spec.Selector, template));
        Assert.Equal("1", budget.Spec.MaxUnavailable?.Value);

        // The silo's identity may watch and delete pods of its namespace, and do nothing else.
        Assert.Equal("eshop-silo", template.Spec.ServiceAccountName);
        var binding = Assert.Single(rendered.All<V1RoleBinding>(), b => b.Subjects.Any(s => s.Kind == "ServiceAccount" && s.Name == "eshop-silo"));
        Assert.Equal(rendered.Objects.OfType<V1Namespace>().Single().Metadata.Name, binding.Subjects.Single().NamespaceProperty);
        var role = rendered.One<V1Role>(binding.RoleRef.Name);
        var rule = Assert.Single(role.Rules);
        Assert.Equal(["pods"], rule.Resources);
        Assert.Equal(["delete", "get", "list", "watch"], rule.Verbs.Order());
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_api_is_a_client_behind_a_service_an_ingress_and_a_cpu_autoscaler(string overlay)
    {
        var rendered = Rendered.Overlays(overlay);
        var api = rendered.One<V1Deployment>("eshop-api");
        var container = Assert.Single(api.Spec.Template.Spec.Containers);
        Assert.Equal("Client", container.Env.Single(e => e.Name == "Orleans__Mode").Value);
        Assert.False(api.Spec.Template.Spec.AutomountServiceAccountToken ?? true);

        var hpa = Assert.Single(rendered.All<V2HorizontalPodAutoscaler>());
        Assert.Equal(("Deployment", "eshop-api"), (hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name));
        Assert.Equal("cpu", Assert.Single(hpa.Spec.Metrics).Resource.Name);
        Assert.True(hpa.Spec.MinReplicas >= 2);

        var service = rendered.One<V1Service>("eshop-api");
        Assert.True(Selects(service.Spec.Selector, api.Spec.Template));
        var backend = Assert.Single(rendered.One<V1Ingress>("eshop-api").Spec.Rules.SelectMany(r => r.Http.Paths)).Backend.Service;
        Assert.Equal("eshop-api", backend.Name);
        Assert.Contains(service.Spec.Ports, p => p.Name == backend.Port.Name);
        // /metrics lives on the management port, which only the monitoring namespace may reach.
        Assert.DoesNotContain(service.Spec.Ports, p => p.TargetPort?.Value == "management");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_selector_finds_its_pods(string overlay)
    {
        var rendered = Rendered.Overlays(overlay);
        var templates = rendered.PodTemplates().ToList();
        foreach (var deployment in rendered.All<V1Deployment>())
            Assert.True(Selects(deployment.Spec.Selector, deployment.Spec.Template), $"Deployment/{deployment.Metadata.Name} selects its own pods");
        foreach (var set in rendered.All<V1StatefulSet>())
            Assert.True(Selects(set.Spec.Selector, set.Spec.Template), $"StatefulSet/{set.Metadata.Name} selects its own pods");
        foreach (var service in rendered.All<V1Service>())
            Assert.True(templates.Any(t => Selects(service.Spec.Selector, t.Template)), $"Service/{service.Metadata.Name} selects no pod");
        foreach (var budget in rendered.All<V1PodDisruptionBudget>())
            Assert.True(templates.Any(t => Selects(budget.Spec.Selector, t.Template)), $"PodDisruptionBudget/{budget.Metadata.Name} selects no pod");
        foreach (var policy in rendered.All<V1NetworkPolicy>().Where(p => p.Spec.PodSelector.MatchLabels?.Count > 0 || p.Spec.PodSelector.MatchExpressions?.Count > 0))
            Assert.True(templates.Any(t => Selects(policy.Spec.PodSelector, t.Template)), $"NetworkPolicy/{policy.Metadata.Name} selects no pod");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Only_the_api_and_the_silos_may_reach_postgres_and_kafka(string overlay)
    {
        var rendered = Rendered.Overlays(overlay);
        Assert.Single(rendered.All<V1NetworkPolicy>(), p => p.Metadata.Name == "default-deny" && p.Spec.PodSelector.MatchLabels is null && p.Spec.PodSelector.MatchExpressions is null);
        var dataPorts = new[] { "5432", "9092" };
        var templates = rendered.PodTemplates().ToList();
        var reaching = rendered.All<V1NetworkPolicy>()
            .Where(p => p.Spec.Egress?.Any(rule => rule.Ports?.Any(port => dataPorts.Contains(port.Port?.Value)) == true) == true)
            .SelectMany(p => templates.Where(t => Selects(p.Spec.PodSelector, t.Template)).Select(t => t.Owner))
            .ToHashSet();
        Assert.Equal(["Deployment/eshop-api", "Deployment/eshop-silo"], reaching.Order());
        // The dev overlay's own PostgreSQL and Kafka also refuse everyone else.
        foreach (var template in templates.Where(t => t.Owner.StartsWith("StatefulSet/", StringComparison.Ordinal)).Select(t => t.Template))
        {
            var guard = Assert.Single(rendered.All<V1NetworkPolicy>(), p => p.Spec.PolicyTypes.Contains("Ingress") && p.Spec.Ingress is not null && Selects(p.Spec.PodSelector, template));
            var allowed = guard.Spec.Ingress.SelectMany(rule => rule.FromProperty).Select(peer => peer.PodSelector).ToList();
            Assert.All(allowed, selector => Assert.Equal(["Deployment/eshop-api", "Deployment/eshop-silo"], templates.Where(t => Selects(selector, t.Template)).Select(t => t.Owner).Order()));
            Assert.NotEmpty(allowed);
        }
    }

    [Fact]
    public void In_production_keda_scales_the_silos_on_consumer_lag_and_nothing_else_scales_them()
    {
        var rendered = Rendered.Overlays("prod");
        var scaled = Assert.Single(rendered.All<ScaledObject>());
        Assert.Equal(("Deployment", "eshop-silo"), (scaled.Spec.ScaleTargetRef.Kind, scaled.Spec.ScaleTargetRef.Name));
        var trigger = Assert.Single(scaled.Spec.Triggers);
        Assert.Equal("prometheus", trigger.Type);
        Assert.Contains("eshop_kafka_consumer_lag", trigger.Metadata["query"]);
        Assert.InRange(scaled.Spec.MinReplicaCount ?? 0, 2, int.MaxValue);
        Assert.True(scaled.Spec.MaxReplicaCount >= scaled.Spec.MinReplicaCount);
        Assert.DoesNotContain(rendered.All<V2HorizontalPodAutoscaler>(), h => h.Spec.ScaleTargetRef.Name == "eshop-silo");
        // Released images, each with a tag of its own, not a moving one.
        Assert.All(rendered.PodTemplates().SelectMany(t => t.Template.Spec.Containers), c =>
        {
            var tag = c.Image[(c.Image.LastIndexOf('/') + 1)..].Split(':').ElementAtOrDefault(1);
            Assert.True(tag is not (null or "latest"), $"{c.Image} names no release");
        });
        Assert.NotNull(rendered.One<V1Ingress>("eshop-api").Spec.Tls);
    }

    private static bool IsSecretName(string name) =>
        new[] { "password", "secret", "signingkey", "connectionstring", "apikey", "token" }.Any(word => name.Replace("_", "", StringComparison.Ordinal).Contains(word, StringComparison.OrdinalIgnoreCase));

    private static bool Selects(IDictionary<string, string>? labels, V1PodTemplateSpec template) =>
        labels is { Count: > 0 } && labels.All(pair => template.Metadata.Labels.TryGetValue(pair.Key, out var value) && value == pair.Value);

    private static bool Selects(V1LabelSelector selector, V1PodTemplateSpec template)
    {
        var labels = template.Metadata.Labels;
        var matched = selector.MatchLabels is null || selector.MatchLabels.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
        foreach (var expression in selector.MatchExpressions ?? [])
        {
            var has = labels.TryGetValue(expression.Key, out var value);
            matched &= expression.OperatorProperty switch
            {
                "In" => has && expression.Values.Contains(value),
                "NotIn" => !has || !expression.Values.Contains(value),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
        }

        return matched && (selector.MatchLabels?.Count > 0 || selector.MatchExpressions?.Count > 0);
    }
}
