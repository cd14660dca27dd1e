package dev.sparks.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The same alert rules and dashboards on Kubernetes as in compose, copied from deploy/monitoring
 * rather than written twice: a PrometheusRule per rules file and a PodMonitor for the services
 * (Prometheus Operator), and a ConfigMap per dashboard labelled for Grafana's dashboard sidecar.
 */
final class MonitoringManifests {

    private static final Path RULES = Path.of("deploy/monitoring/prometheus/rules");
    private static final Path DASHBOARDS = Path.of("deploy/monitoring/grafana/dashboards");

    private MonitoringManifests() {}

    static String render(Path root, String header) throws IOException {
        StringBuilder yaml = new StringBuilder(header);
        for (Path file : files(root.resolve(RULES), ".yml")) {
            yaml.append("---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n")
                    .append("  name: sparks-").append(baseName(file)).append("\nspec:\n")
                    .append(indent(Files.readString(file), "  "));
        }
        yaml.append("""
                ---
                # Scrapes every Sparks service's Actuator endpoint with the labels the rules expect:
                # job="sparks" and service=<the service's name>.
                apiVersion: monitoring.coreos.com/v1
                kind: PodMonitor
                metadata:
                  name: sparks
                spec:
                  jobLabel: app.kubernetes.io/part-of
                  selector:
                    matchExpressions:
                    - key: app.kubernetes.io/name
                      operator: Exists
                    matchLabels:
                      app.kubernetes.io/part-of: sparks
                  podMetricsEndpoints:
                  - port: http
                    path: /actuator/prometheus
                    relabelings:
                    - sourceLabels: [__meta_kubernetes_pod_label_app_kubernetes_io_name]
                      targetLabel: service
                ---
                # kafka_exporter, which Strimzi runs for the Kafka resource (spec.kafkaExporter).
                apiVersion: monitoring.coreos.com/v1
                kind: PodMonitor
                metadata:
                  name: sparks-kafka-exporter
                spec:
                  selector:
                    matchLabels:
                      strimzi.io/name: sparks-kafka-exporter
                  podMetricsEndpoints:
                  - port: tcp-prometheus
                    path: /metrics
                    relabelings:
                    - targetLabel: job
                      replacement: kafka-exporter
                """);
        for (Path file : files(root.resolve(DASHBOARDS), ".json")) {
            yaml.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n")
                    .append("  name: sparks-dashboard-").append(baseName(file)).append('\n')
                    .append("  labels:\n    grafana_dashboard: \"1\"\ndata:\n")
                    .append("  ").append(file.getFileName()).append(": |\n")
                    .append(indent(Files.readString(file), "    "));
        }
        return yaml.toString();
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    private static String indent(String text, String prefix) {
        StringBuilder indented = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                indented.append(prefix).append(line);
            }
            indented.append('\n');
        }
        // split keeps the empty string after the final newline: drop the extra line it adds.
        return indented.substring(0, indented.length() - 1);
    }
}
