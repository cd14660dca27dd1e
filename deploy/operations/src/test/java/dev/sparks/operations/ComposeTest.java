package dev.sparks.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** deploy/compose/docker-compose.yml as docker-compose itself reads it (no engine needed for `config`). */
class ComposeTest {

    private static final String FILE = "deploy/compose/docker-compose.yml";
    private static final Map<String, String> SECRETS =
            Map.of("SPARKS_ADMIN_KEY", "test-admin-key", "POSTGRES_PASSWORD", "test", "GRAFANA_ADMIN_PASSWORD", "test");

    @Test
    void composeAcceptsTheFile() {
        Tools.require("docker-compose");
        Tools.succeed(Tools.root(), SECRETS, "docker-compose", "-f", FILE, "config", "-q");
    }

    @Test
    void refusesToStartWithoutTheSecretsItNeeds() {
        Tools.require("docker-compose");
        Tools.Result result = Tools.run(Tools.root(), Map.of(), java.util.List.of("docker-compose", "-f", FILE, "config", "-q"));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("set POSTGRES_PASSWORD");
    }

    @Test
    @SuppressWarnings("unchecked")
    void threeKraftBrokersWithReplicationThreeAndEveryServiceHealthChecked() {
        Tools.require("docker-compose");
        Map<String, Object> config = new Yaml().load(Tools.succeed(Tools.root(), SECRETS, "docker-compose", "-f", FILE, "config"));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) config.get("services");

        for (int node = 1; node <= 3; node++) {
            Map<String, Object> broker = services.get("kafka-" + node);
            assertThat(broker.get("image")).asString().startsWith("apache/kafka:");
            Map<String, String> env = (Map<String, String>) broker.get("environment");
            assertThat(env).containsEntry("KAFKA_NODE_ID", String.valueOf(node))
                    .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
        }
        for (SparksServices.Service service : SparksServices.ALL) {
            Map<String, Object> container = services.get(service.name());
            assertThat(container).as(service.name()).containsKeys("build", "healthcheck");
            Map<String, String> env = (Map<String, String>) container.get("environment");
            assertThat(env).containsEntry("SERVER_PORT", String.valueOf(service.port()))
                    .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/" + service.database())
                    .containsEntry("SPARKS_PLATFORM_KAFKA_REPLICATIONFACTOR", "3");
        }
        assertThat(services).containsKeys("postgres", "prometheus", "grafana", "kafka-exporter", "mailpit");
        assertThat(services.get("postgres").get("image")).asString().startsWith("postgres:");
        assertThat(services.get("prometheus").get("image")).asString().startsWith("prom/prometheus:");
        assertThat(services.get("grafana").get("image")).asString().startsWith("grafana/grafana:");
        services.values().forEach(service -> assertThat(String.valueOf(service.get("image"))).doesNotContain("bitnami"));
    }
}
