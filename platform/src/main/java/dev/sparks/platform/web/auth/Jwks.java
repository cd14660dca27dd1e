package dev.sparks.platform.web.auth;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The issuer's RSA signing keys by {@code kid}, fetched from its JWKS document and cached for
 * {@code cacheTtl}. The cache expires so that a key the issuer stopped publishing (revoked after a
 * leak, rotated out) is refused within that time instead of until restart. An unknown {@code kid}
 * (the issuer rotated its keys) triggers a refetch, and so does an expired cache, but at most once
 * per {@code minRefreshInterval}: tokens with made-up kids must not turn this service into a client
 * that hammers the identity provider. Keys older than the TTL are never used, not even while the
 * issuer cannot be reached: a revoked key must not come back because the issuer is down.
 */
public class Jwks {

    private final URI uri;
    private final Duration minRefreshInterval;
    private final Duration cacheTtl;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile KeySet cached = new KeySet(Map.of(), Instant.MIN);
    private Instant lastFetch;

    private record KeySet(Map<String, PublicKey> keys, Instant fetchedAt) {}

    public Jwks(URI uri, Duration minRefreshInterval, Duration cacheTtl, Clock clock) {
        this.uri = uri;
        this.minRefreshInterval = minRefreshInterval;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    public Optional<PublicKey> key(String kid) {
        Instant now = clock.instant();
        PublicKey key = freshKey(cached, kid, now);
        if (key != null) {
            return Optional.of(key);
        }
        synchronized (this) {
            key = freshKey(cached, kid, now);
            if (key == null && mayRefresh(now)) {
                cached = new KeySet(fetch(), now);
                key = freshKey(cached, kid, now);
            }
        }
        return Optional.ofNullable(key);
    }

    private PublicKey freshKey(KeySet keySet, String kid, Instant now) {
        return now.isBefore(keySet.fetchedAt().plus(cacheTtl)) ? keySet.keys().get(kid) : null;
    }

    private boolean mayRefresh(Instant now) {
        if (lastFetch != null && now.isBefore(lastFetch.plus(minRefreshInterval))) {
            return false;
        }
        lastFetch = now;
        return true;
    }

    @SuppressWarnings("unchecked")
    private Map<String, PublicKey> fetch() {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new InvalidTokenException("JWKS at " + uri + " answered " + response.statusCode());
            }
            Map<String, Object> document = json.readValue(response.body(), Map.class);
            Map<String, PublicKey> fetched = new HashMap<>();
            for (Object entry : (List<Object>) document.getOrDefault("keys", List.of())) {
                Map<String, Object> jwk = (Map<String, Object>) entry;
                if ("RSA".equals(jwk.get("kty")) && jwk.get("kid") != null && !"enc".equals(jwk.get("use"))) {
                    fetched.put(jwk.get("kid").toString(), rsa(jwk.get("n").toString(), jwk.get("e").toString()));
                }
            }
            return Map.copyOf(fetched);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof InvalidTokenException invalid) {
                throw invalid;
            }
            throw new InvalidTokenException("Cannot read the issuer's keys from " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidTokenException("Interrupted while fetching " + uri, e);
        }
    }

    private static PublicKey rsa(String modulus, String exponent) throws GeneralSecurityException {
        Base64.Decoder decoder = Base64.getUrlDecoder();
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, decoder.decode(modulus)), new BigInteger(1, decoder.decode(exponent))));
    }
}
