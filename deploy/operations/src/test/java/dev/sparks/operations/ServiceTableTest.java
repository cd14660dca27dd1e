package dev.sparks.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.schemas.topic.Topic;
import dev.sparks.schemas.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The service table the manifests are generated from still matches the services' code. */
class ServiceTableTest {

    @Test
    void everyConsumerGroupTheAutoscalersWatchIsOneTheServiceRuns() throws IOException {
        for (SparksServices.Service service : SparksServices.ALL) {
            String code = javaSources(Tools.root().resolve(service.name()).resolve("src/main/java"));
            for (SparksServices.Consumer consumer : service.consumers()) {
                assertThat(code).as("group %s in %s", consumer.group(), service.name()).contains("\"" + consumer.group() + "\"");
                assertThat(code).as("%s reads %s", service.name(), consumer.topic().name())
                        .contains("Topics." + constantName(consumer.topic()));
            }
        }
    }

    @Test
    void portsMatchEachServicesApplicationYaml() throws IOException {
        for (SparksServices.Service service : SparksServices.ALL) {
            String yaml = Files.readString(Tools.root().resolve(service.name()).resolve("src/main/resources/application.yaml"));
            assertThat(yaml).as(service.name()).contains("port: " + service.port());
            assertThat(yaml).as("probes of %s", service.name()).containsPattern("probes:\\s+enabled: true");
        }
    }

    private static String constantName(Topic<String, ?> topic) {
        for (Field field : Topics.class.getFields()) {
            try {
                if (Modifier.isStatic(field.getModifiers()) && field.get(null) == topic) {
                    return field.getName();
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(topic + " is not a constant of Topics");
    }

    private static String javaSources(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(file -> file.toString().endsWith(".java")).map(file -> {
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        }
    }
}
