package dev.sparks.ingest.langfuse;

/** Which Langfuse observations API answered: the cursor-paged v2, or the page-numbered v1 of older servers. */
public enum ApiVersion {
    V2, V1;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ApiVersion ofLabel(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
