package dev.sparks.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The alert rules, their unit tests and the Prometheus configuration, through promtool. */
class PrometheusRulesTest {

    private static final Path PROMETHEUS = Path.of("deploy/monitoring/prometheus");

    private final Path root = Tools.root();
    private final Path prometheus = root.resolve(PROMETHEUS);

    @Test
    void rulesPassPromtoolsCheckAndLint() throws IOException {
        Tools.require("promtool");
        List<String> command = new ArrayList<>(List.of("promtool", "check", "rules"));
        ruleFiles().forEach(file -> command.add(prometheus.relativize(file).toString()));
        Tools.succeed(prometheus, command.toArray(String[]::new));
    }

    @Test
    void everyAlertPassesItsUnitTestsWithSyntheticSeries() throws IOException {
        Tools.require("promtool");
        List<String> command = new ArrayList<>(List.of("promtool", "test", "rules"));
        try (Stream<Path> tests = Files.list(prometheus.resolve("tests"))) {
            tests.filter(file -> file.toString().endsWith(".yml")).sorted()
                    .forEach(file -> command.add(prometheus.relativize(file).toString()));
        }
        String output = Tools.succeed(prometheus, command.toArray(String[]::new));
        assertThat(output).contains("SUCCESS");
    }

    /** prometheus.yml for compose, prometheus-local.yml for ./sparks up on this machine. */
    @Test
    void prometheusConfigsAreValidAndLoadTheRules() {
        Tools.require("promtool");
        for (String config : List.of("prometheus.yml", "prometheus-local.yml")) {
            String output = Tools.succeed(prometheus, "promtool", "check", "config", config);
            assertThat(output).as(config).contains("SUCCESS");
        }
    }

    /** promtool passes a test file that never mentions an alert; this makes sure none is left out. */
    @Test
    void everyAlertHasATestThatExpectsItToFire() throws IOException {
        Set<String> alerts = alertNames();
        Set<String> tested = new TreeSet<>();
        try (Stream<Path> tests = Files.list(prometheus.resolve("tests"))) {
            for (Path file : tests.toList()) {
                Map<String, Object> test = load(file);
                for (Map<String, Object> group : list(test.get("tests"))) {
                    for (Map<String, Object> alertTest : list(group.get("alert_rule_test"))) {
                        if (!list(alertTest.get("exp_alerts")).isEmpty()) {
                            tested.add((String) alertTest.get("alertname"));
                        }
                    }
                }
            }
        }
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(11);
        assertThat(tested).as("alerts with a firing unit test").containsAll(alerts);
    }

    @Test
    void everyAlertLinksToItsRunbookSection() throws IOException {
        Set<String> anchors = Runbook.anchors(root.resolve("docs/operations.md"));
        for (Path file : ruleFiles()) {
            for (Map<String, Object> rule : rules(file)) {
                if (rule.containsKey("alert")) {
                    @SuppressWarnings("unchecked")
                    Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
                    String url = annotations.get("runbook_url");
                    assertThat(url).as("runbook_url of %s", rule.get("alert")).startsWith("docs/operations.md#");
                    assertThat(anchors).as("sections of docs/operations.md").contains(url.substring(url.indexOf('#') + 1));
                }
            }
        }
    }

    private Set<String> alertNames() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path file : ruleFiles()) {
            rules(file).stream().filter(rule -> rule.containsKey("alert")).forEach(rule -> names.add((String) rule.get("alert")));
        }
        return names;
    }

    List<Path> ruleFiles() throws IOException {
        try (Stream<Path> files = Files.list(prometheus.resolve("rules"))) {
            return files.filter(file -> file.toString().endsWith(".yml")).sorted().toList();
        }
    }

    static List<Map<String, Object>> rules(Path file) throws IOException {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : list(load(file).get("groups"))) {
            rules.addAll(list(group.get("rules")));
        }
        return rules;
    }

    static Map<String, Object> load(Path file) throws IOException {
        try (var reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }
}
