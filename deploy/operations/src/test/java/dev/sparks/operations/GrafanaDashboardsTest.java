package dev.sparks.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The provisioned dashboards parse, use the provisioned data source, and every query is valid PromQL. */
class GrafanaDashboardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root = Tools.root();
    private final Path grafana = root.resolve("deploy/monitoring/grafana");

    @Test
    void theTwoDashboardsParseWithUniqueIdsAndTheProvisionedDataSource() throws IOException {
        Map<String, Object> datasources = PrometheusRulesTest.load(grafana.resolve("provisioning/datasources/prometheus.yml"));
        String datasourceUid = (String) PrometheusRulesTest.list(datasources.get("datasources")).getFirst().get("uid");
        Set<String> uids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (Path file : dashboards()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            assertThat(uids.add(dashboard.path("uid").asString())).as("unique uid in %s", file).isTrue();
            titles.add(dashboard.path("title").asString());
            Set<Integer> panelIds = new HashSet<>();
            for (JsonNode panel : dashboard.path("panels")) {
                assertThat(panelIds.add(panel.path("id").asInt())).as("unique panel id in %s", file).isTrue();
                assertThat(panel.path("datasource").path("uid").asString()).isEqualTo(datasourceUid);
                assertThat(panel.path("targets")).as("queries of %s", panel.path("title")).isNotEmpty();
            }
        }
        assertThat(titles).contains("Kafka consumer lag", "Sparks billing");
    }

    @Test
    void dashboardProviderReadsTheFolderComposeMounts() throws IOException {
        Map<String, Object> providers = PrometheusRulesTest.load(grafana.resolve("provisioning/dashboards/sparks.yml"));
        @SuppressWarnings("unchecked")
        Map<String, Object> options = (Map<String, Object>) PrometheusRulesTest.list(providers.get("providers")).getFirst().get("options");
        assertThat(Files.readString(root.resolve("deploy/compose/docker-compose.yml")))
                .contains("../monitoring/grafana/dashboards:" + options.get("path"));
    }

    /** Each panel query becomes a recording rule in a generated file, which promtool parses and lints. */
    @Test
    void everyDashboardQueryIsValidPromql() throws IOException {
        Tools.require("promtool");
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Path file : dashboards()) {
            for (JsonNode panel : JSON.readTree(file.toFile()).path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    Map<String, Object> rule = new LinkedHashMap<>();
                    rule.put("record", "dashboard:query_" + (rules.size() + 1));
                    rule.put("expr", withVariablesResolved(target.path("expr").asString()));
                    rules.add(rule);
                }
            }
        }
        assertThat(rules).hasSizeGreaterThanOrEqualTo(20);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path generated = root.resolve("deploy/operations/target/dashboard-queries.rules.yml");
        Files.createDirectories(generated.getParent());
        Files.writeString(generated, new Yaml(options).dump(Map.of("groups", List.of(Map.of("name", "dashboards", "rules", rules)))));
        Tools.succeed(generated.getParent(), "promtool", "check", "rules", generated.getFileName().toString());
    }

    /** Grafana's interval variables become durations, every other variable a match-all regex. */
    static String withVariablesResolved(String expr) {
        return expr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h")
                .replaceAll("\\$\\{?\\w+}?", ".*");
    }

    private List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(grafana.resolve("dashboards"))) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }
}
