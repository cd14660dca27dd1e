package dev.sparks.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every version of a record's schema that has ever been published, read from
 * {@code published/<full name>/v<N>.avsc} on the classpath. Readers need all of them: a record
 * written years ago under v1 must still decode after v3 is out.
 */
public final class PublishedSchemas {

    static final String ROOT = "dev/sparks/schemas/published/";

    private PublishedSchemas() {}

    /** The published versions of {@code fullName}, oldest first; empty if it was never published. */
    public static List<Schema> versionsOf(String fullName) {
        List<Schema> versions = new ArrayList<>();
        ClassLoader loader = PublishedSchemas.class.getClassLoader();
        for (int version = 1; ; version++) {
            try (InputStream in = loader.getResourceAsStream(path(fullName, version))) {
                if (in == null) {
                    return List.copyOf(versions);
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Where version {@code version} of {@code fullName} lives, relative to the resources root. */
    public static String path(String fullName, int version) {
        return ROOT + fullName + "/v" + version + ".avsc";
    }
}
