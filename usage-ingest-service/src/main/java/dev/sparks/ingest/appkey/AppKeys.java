package dev.sparks.ingest.appkey;

import static dev.sparks.ingest.persistence.jooq.Tables.APP_KEY;

import dev.sparks.ingest.persistence.jooq.tables.records.AppKeyRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jooq.DSLContext;

/**
 * Keys of the internal apps that publish usage. A key is {@code spk.<key id>.<secret>}: the id
 * finds the row, and only the SHA-256 of the 256-bit random secret is stored, so a leaked table
 * holds no usable key. A plain hash suffices because the secret is random, not a password.
 *
 * <p>Lookups are cached for {@code cacheFor} so a busy app does not cost a query per request;
 * a revocation is immediate on this instance and takes at most that long on the others.
 */
public class AppKeys {

    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DSLContext db;
    private final Clock clock;
    private final Duration cacheFor;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public AppKeys(DSLContext db, Clock clock, Duration cacheFor) {
        this.db = db;
        this.clock = clock;
        this.cacheFor = cacheFor;
    }

    public IssuedKey create(String appName) {
        if (appName == null || !APP_NAME.matcher(appName).matches()) {
            throw new IllegalArgumentException("app_name must match " + APP_NAME.pattern());
        }
        String keyId = HexFormat.of().formatHex(randomBytes(8));
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
        AppKeyRecord row = db.insertInto(APP_KEY)
                .set(APP_KEY.KEY_ID, keyId)
                .set(APP_KEY.APP_NAME, appName)
                .set(APP_KEY.SECRET_SHA256, sha256(secret))
                .set(APP_KEY.CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .returning()
                .fetchOne();
        return new IssuedKey(toKey(row), "spk." + keyId + "." + secret);
    }

    /** Marks the key revoked; answers empty for an unknown id. Revoking twice keeps the first time. */
    public Optional<AppKey> revoke(String keyId) {
        db.update(APP_KEY)
                .set(APP_KEY.REVOKED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .where(APP_KEY.KEY_ID.eq(keyId).and(APP_KEY.REVOKED_AT.isNull()))
                .execute();
        cache.remove(keyId);
        return Optional.ofNullable(db.selectFrom(APP_KEY).where(APP_KEY.KEY_ID.eq(keyId)).fetchOne()).map(AppKeys::toKey);
    }

    public List<AppKey> list() {
        return db.selectFrom(APP_KEY).orderBy(APP_KEY.CREATED_AT).fetch(AppKeys::toKey);
    }

    /** The app a presented key belongs to, or empty when it is malformed, unknown or revoked. */
    public Optional<String> authenticate(String presented) {
        String[] parts = presented.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals("spk")) {
            return Optional.empty();
        }
        Cached entry = cache.compute(parts[1], (id, cached) ->
                cached != null && cached.until().isAfter(clock.instant()) ? cached : load(id));
        boolean matches = entry.secretSha256() != null && MessageDigest.isEqual(entry.secretSha256(), sha256(parts[2]));
        return matches ? Optional.of(entry.appName()) : Optional.empty();
    }

    private Cached load(String keyId) {
        AppKeyRecord row = db.selectFrom(APP_KEY)
                .where(APP_KEY.KEY_ID.eq(keyId).and(APP_KEY.REVOKED_AT.isNull()))
                .fetchOne();
        Instant until = clock.instant().plus(cacheFor);
        return row == null ? new Cached(null, null, until) : new Cached(row.getAppName(), row.getSecretSha256(), until);
    }

    private static AppKey toKey(AppKeyRecord row) {
        return new AppKey(row.getKeyId(), row.getAppName(), row.getCreatedAt().toInstant(),
                row.getRevokedAt() == null ? null : row.getRevokedAt().toInstant());
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    /** An absent key is cached too, so a client hammering with a wrong key does not hammer the database. */
    private record Cached(String appName, byte[] secretSha256, Instant until) {}
}
