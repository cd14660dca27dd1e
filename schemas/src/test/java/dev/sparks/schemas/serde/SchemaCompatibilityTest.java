package dev.sparks.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.schemas.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build's guard on the contracts: every schema a topic carries must be published (kept under
 * {@code published/<name>/v<N>.avsc}) and must be backward and forward compatible with every
 * version published before it, so producers and consumers can be deployed in any order.
 */
class SchemaCompatibilityTest {

    static Stream<Schema> currentSchemas() {
        return Topics.all().stream()
                .map(topic -> SpecificData.getForClass(topic.valueType()).getSchema(topic.valueType()))
                .distinct();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void currentSchemaIsPublished(Schema current) throws IOException {
        List<Schema> published = PublishedSchemas.versionsOf(current.getFullName());
        long fingerprint = SchemaNormalization.parsingFingerprint64(current);
        boolean isPublished = published.stream().anyMatch(p -> SchemaNormalization.parsingFingerprint64(p) == fingerprint);
        if (!isPublished) {
            Path candidate = Path.of("target", "unpublished-schemas",
                    PublishedSchemas.path(current.getFullName(), published.size() + 1));
            Files.createDirectories(candidate.getParent());
            Files.writeString(candidate, current.toString(true) + "\n");
            assertThat(isPublished)
                    .as("%s changed: once it is compatible, publish it by copying %s to src/main/resources/%s",
                            current.getFullName(), candidate, PublishedSchemas.path(current.getFullName(), published.size() + 1))
                    .isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void currentSchemaReadsAndIsReadByEveryPublishedVersion(Schema current) {
        for (Schema earlier : PublishedSchemas.versionsOf(current.getFullName())) {
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, earlier).getType())
                    .as("backward: current %s reads data written with %s", current.getFullName(), earlier)
                    .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(earlier, current).getType())
                    .as("forward: %s reads data written with the current %s", earlier, current.getFullName())
                    .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        }
    }
}
