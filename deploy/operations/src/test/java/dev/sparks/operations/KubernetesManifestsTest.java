package dev.sparks.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.schemas.topic.Topic;
import dev.sparks.schemas.topic.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.ObjectMapper;

/**
 * Each overlay as {@code kubectl kustomize} renders it, every manifest parsed with fabric8's
 * Kubernetes model: probes, resources, budgets, autoscaling bounds, topics, secrets by reference.
 */
class KubernetesManifestsTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Set<String> VENDOR_SECRETS = Set.of("sparks-stripe", "sparks-livekit", "sparks-langfuse", "sparks-auth0");

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void deploymentsHaveHealthGroupProbesAndBoundedResources(String overlay) {
        List<Deployment> deployments = render(overlay, Deployment.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(SparksServices.ALL.stream().map(SparksServices.Service::name).toList());
        for (Deployment deployment : deployments) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String name = deployment.getMetadata().getName();
                assertProbe(name, container.getLivenessProbe(), "/actuator/health/liveness");
                assertProbe(name, container.getReadinessProbe(), "/actuator/health/readiness");
                assertProbe(name, container.getStartupProbe(), "/actuator/health/liveness");
                assertThat(container.getPorts()).as(name).anyMatch(port -> "http".equals(port.getName()));
                assertThat(container.getResources().getRequests()).as("requests of %s", name).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as("limits of %s", name).containsKeys("cpu", "memory");
                assertThat(container.getImage()).as(name).startsWith("sparks/" + name + ":").doesNotContain("bitnami");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void everyDeploymentHasADisruptionBudgetThatStillLetsANodeDrain(String overlay) {
        List<PodDisruptionBudget> budgets = render(overlay, PodDisruptionBudget.class);
        for (Deployment deployment : render(overlay, Deployment.class)) {
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            PodDisruptionBudget budget = budgets.stream()
                    .filter(b -> podLabels.entrySet().containsAll(b.getSpec().getSelector().getMatchLabels().entrySet()))
                    .findFirst().orElseThrow(() -> new AssertionError("no PodDisruptionBudget selects " + deployment.getMetadata().getName()));
            assertThat(budget.getSpec().getMinAvailable().getIntVal())
                    .as("minAvailable of %s", budget.getMetadata().getName())
                    .isLessThan(deployment.getSpec().getReplicas());
        }
    }

    /** KEDA never scales a group past its topic's partitions: more members than partitions sit idle. */
    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    @SuppressWarnings("unchecked")
    void autoscalersWatchLagAndStayWithinPartitions(String overlay) {
        Map<String, Integer> partitions = kafkaTopics(overlay).stream().collect(Collectors.toMap(
                topic -> (String) spec(topic).get("topicName"), topic -> (Integer) spec(topic).get("partitions")));
        Map<String, Deployment> deployments = render(overlay, Deployment.class).stream()
                .collect(Collectors.toMap(d -> d.getMetadata().getName(), d -> d));
        List<GenericKubernetesResource> scaledObjects = render(overlay, GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals("ScaledObject")).toList();
        assertThat(scaledObjects).hasSize((int) SparksServices.ALL.stream().filter(s -> !s.scalingConsumers().isEmpty()).count());
        for (GenericKubernetesResource scaledObject : scaledObjects) {
            Map<String, Object> spec = spec(scaledObject);
            String target = (String) ((Map<String, Object>) spec.get("scaleTargetRef")).get("name");
            Deployment deployment = deployments.get(target);
            assertThat(deployment).as("Deployment %s scaled by %s", target, scaledObject.getMetadata().getName()).isNotNull();
            int concurrency = Integer.parseInt(env(deployment, "SPARKS_PLATFORM_KAFKA_CONSUMERCONCURRENCY"));
            int max = (Integer) spec.get("maxReplicaCount");
            assertThat((Integer) spec.get("minReplicaCount")).isGreaterThanOrEqualTo(SparksServices.MIN_REPLICAS).isLessThanOrEqualTo(max);
            List<Map<String, Object>> triggers = (List<Map<String, Object>>) spec.get("triggers");
            assertThat(triggers).isNotEmpty();
            for (Map<String, Object> trigger : triggers) {
                assertThat(trigger.get("type")).isEqualTo("kafka");
                Map<String, String> metadata = (Map<String, String>) trigger.get("metadata");
                String topic = metadata.get("topic");
                assertThat(partitions).as("KafkaTopic for trigger topic").containsKey(topic);
                assertThat(max * concurrency).as("%s: replicas x listener threads against %s's partitions", target, topic)
                        .isLessThanOrEqualTo(partitions.get(topic));
                assertThat(Integer.parseInt(metadata.get("lagThreshold"))).isPositive();
                assertThat(metadata.get("consumerGroup")).isNotBlank();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void everyRegistryTopicIsAKafkaTopicWithItsPartitionsCleanupAndRetention(String overlay) {
        Map<String, GenericKubernetesResource> declared = kafkaTopics(overlay).stream()
                .collect(Collectors.toMap(topic -> (String) spec(topic).get("topicName"), topic -> topic));
        assertThat(declared.keySet()).containsExactlyInAnyOrderElementsOf(Topics.all().stream().map(Topic::name).toList());
        for (Topic<String, ?> topic : Topics.all()) {
            Map<String, Object> spec = spec(declared.get(topic.name()));
            @SuppressWarnings("unchecked")
            Map<String, Object> config = (Map<String, Object>) spec.get("config");
            assertThat(spec).as(topic.name()).containsEntry("partitions", topic.partitions()).containsEntry("replicas", 3);
            assertThat(config).as(topic.name())
                    .containsEntry("cleanup.policy", topic.cleanup().policy())
                    .containsEntry("min.insync.replicas", 2);
            if (topic.retention() != null) {
                assertThat(((Number) config.get("retention.ms")).longValue()).isEqualTo(topic.retention().toMillis());
            } else {
                assertThat(config).doesNotContainKey("retention.ms");
            }
            assertThat(declared.get(topic.name()).getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "sparks");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    @SuppressWarnings("unchecked")
    void kafkaIsAThreeNodeKraftClusterThatTakesWritesWithOneBrokerDown(String overlay) {
        List<GenericKubernetesResource> custom = render(overlay, GenericKubernetesResource.class);
        GenericKubernetesResource kafka = custom.stream().filter(r -> r.getKind().equals("Kafka")).findFirst().orElseThrow();
        GenericKubernetesResource pool = custom.stream().filter(r -> r.getKind().equals("KafkaNodePool")).findFirst().orElseThrow();
        assertThat(kafka.getMetadata().getAnnotations())
                .containsEntry("strimzi.io/kraft", "enabled").containsEntry("strimzi.io/node-pools", "enabled");
        Map<String, Object> config = (Map<String, Object>) ((Map<String, Object>) spec(kafka).get("kafka")).get("config");
        assertThat(config).containsEntry("default.replication.factor", 3).containsEntry("min.insync.replicas", 2);
        assertThat(spec(kafka)).containsKey("kafkaExporter");
        assertThat(spec(pool)).containsEntry("replicas", 3);
        assertThat((List<String>) spec(pool).get("roles")).containsExactlyInAnyOrder("controller", "broker");
        assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
    }

    /** Secrets are created out of band; manifests only name them, and only the known ones. */
    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void secretsAreReferencedNeverContained(String overlay) {
        assertThat(render(overlay, Secret.class)).isEmpty();
        Set<String> referenced = new HashSet<>();
        for (Deployment deployment : render(overlay, Deployment.class)) {
            var pod = deployment.getSpec().getTemplate().getSpec();
            pod.getVolumes().stream().filter(v -> v.getSecret() != null).forEach(v -> referenced.add(v.getSecret().getSecretName()));
            for (Container container : pod.getContainers()) {
                for (EnvVar env : container.getEnv()) {
                    assertThat(env.getName()).as("plain env var that looks like a secret")
                            .satisfiesAnyOf(n -> assertThat(env.getValueFrom()).isNotNull(),
                                    n -> assertThat(n).doesNotContain("PASSWORD", "SECRET", "TOKEN"));
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        referenced.add(env.getValueFrom().getSecretKeyRef().getName());
                    }
                }
            }
        }
        assertThat(referenced).containsAll(VENDOR_SECRETS);
        assertThat(referenced).allMatch(name -> VENDOR_SECRETS.contains(name) || name.startsWith("sparks-db-"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void ingressIsDeniedUnlessAPolicyAllowsIt(String overlay) {
        List<NetworkPolicy> policies = render(overlay, NetworkPolicy.class);
        assertThat(policies).as("a default deny of ingress").anyMatch(policy -> {
            var selector = policy.getSpec().getPodSelector();
            boolean everyPod = (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                    && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
            return everyPod && policy.getSpec().getPolicyTypes().contains("Ingress") && policy.getSpec().getIngress().isEmpty();
        });
        assertThat(policies).anyMatch(p -> !p.getSpec().getIngress().isEmpty());
    }

    /** Kubernetes gets the very rules and dashboards compose runs, copied by the generator. */
    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    @SuppressWarnings("unchecked")
    void alertRulesAndDashboardsAreDeployedToo(String overlay) throws IOException {
        Set<String> expected = new HashSet<>();
        try (Stream<Path> files = Files.list(Tools.root().resolve("deploy/monitoring/prometheus/rules"))) {
            for (Path file : files.toList()) {
                PrometheusRulesTest.rules(file).stream().filter(rule -> rule.containsKey("alert"))
                        .forEach(rule -> expected.add((String) rule.get("alert")));
            }
        }
        Set<String> deployed = new HashSet<>();
        for (GenericKubernetesResource rule : render(overlay, GenericKubernetesResource.class)) {
            if (rule.getKind().equals("PrometheusRule")) {
                for (Map<String, Object> group : (List<Map<String, Object>>) spec(rule).get("groups")) {
                    for (Map<String, Object> entry : (List<Map<String, Object>>) group.get("rules")) {
                        if (entry.containsKey("alert")) {
                            deployed.add((String) entry.get("alert"));
                        }
                    }
                }
            }
        }
        assertThat(deployed).isEqualTo(expected);
        List<ConfigMap> dashboards = render(overlay, ConfigMap.class).stream()
                .filter(map -> "1".equals(map.getMetadata().getLabels().get("grafana_dashboard"))).toList();
        assertThat(dashboards).hasSize(2);
        for (ConfigMap dashboard : dashboards) {
            for (String json : dashboard.getData().values()) {
                assertThat(new ObjectMapper().readTree(json).path("panels")).isNotEmpty();
            }
        }
    }

    private static void assertProbe(String deployment, Probe probe, String path) {
        assertThat(probe).as("probe on %s of %s", path, deployment).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(deployment).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(deployment).isEqualTo("http");
    }

    private static String env(Deployment deployment, String name) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv().stream()
                .filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not set on " + deployment.getMetadata().getName()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    private static List<GenericKubernetesResource> kafkaTopics(String overlay) {
        return render(overlay, GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals("KafkaTopic")).toList();
    }

    /** Every manifest of the overlay, parsed; those of the given model type. */
    private static <T extends HasMetadata> List<T> render(String overlay, Class<T> type) {
        return renderAll(overlay).stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static final Map<String, List<HasMetadata>> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    private static List<HasMetadata> renderAll(String overlay) {
        Tools.require("kubectl");
        return RENDERED.computeIfAbsent(overlay, name -> {
            String yaml = Tools.succeed(Tools.root(), "kubectl", "kustomize", "deploy/kubernetes/overlays/" + name);
            List<HasMetadata> manifests = new ArrayList<>();
            for (String document : yaml.split("(?m)^---\\s*$")) {
                if (!document.isBlank()) {
                    Object parsed = SERIALIZATION.unmarshal(document);
                    assertThat(parsed).as("manifest in %s", name).isInstanceOf(HasMetadata.class);
                    manifests.add((HasMetadata) parsed);
                }
            }
            return manifests;
        });
    }
}
