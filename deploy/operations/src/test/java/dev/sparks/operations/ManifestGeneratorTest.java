package dev.sparks.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The manifests that follow from the topic registry cannot drift from it: a change to Topics
 * (partitions, cleanup, retention) or to the service table fails here until the checked-in files
 * are regenerated.
 */
class ManifestGeneratorTest {

    private static final String REGENERATE =
            "regenerate: ./mvnw -q -pl deploy/operations -am process-classes -Pregenerate-manifests (docs/operations.md, \"Generated manifests\")";

    @Test
    void checkedInManifestsAreWhatTheRegistryGenerates() throws IOException {
        Path root = Tools.root();
        for (Map.Entry<String, String> file : ManifestGenerator.manifests(root).entrySet()) {
            Path checkedIn = root.resolve(file.getKey());
            assertThat(checkedIn).as("%s is missing; %s", file.getKey(), REGENERATE).exists();
            assertThat(Files.readString(checkedIn)).as("%s differs from the registry; %s", file.getKey(), REGENERATE)
                    .isEqualTo(file.getValue());
        }
    }

    @Test
    void kustomizationIncludesEveryGeneratedFile() throws IOException {
        String kustomization = Files.readString(Tools.root().resolve("deploy/kubernetes/base/kustomization.yaml"));
        for (String file : ManifestGenerator.manifests(Tools.root()).keySet()) {
            assertThat(kustomization).contains("- " + file.substring("deploy/kubernetes/base/".length()));
        }
    }
}
