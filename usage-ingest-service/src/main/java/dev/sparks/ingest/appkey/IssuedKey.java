package dev.sparks.ingest.appkey;

/** A key just created: the only moment its full value ({@code spk.<key id>.<secret>}) is known. */
public record IssuedKey(AppKey key, String apiKey) {}
