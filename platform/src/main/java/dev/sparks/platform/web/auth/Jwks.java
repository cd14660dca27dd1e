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
 * The issuer's RSA signing keys by {@code kid}, fetched from its JWKS document and cached. An
 * unknown {@code kid} (the issuer rotated its keys) triggers a refetch, but at most once per
 * {@code minRefreshInterval}: tokens with made-up kids must not turn this service into a client
 * that hammers the identity provider.
 */
public class Jwks {

    private final URI uri;
    private final Duration minRefreshInterval;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile Map<String, PublicKey> keys = Map.of();
    private Instant lastFetch;

    public Jwks(URI uri, Duration minRefreshInterval, Clock clock) {
        this.uri = uri;
        this.minRefreshInterval = minRefreshInterval;
        this.clock = clock;
    }

    public Optional<PublicKey> key(String kid) {
        PublicKey key = keys.get(kid);
        if (key != null) {
            return Optional.of(key);
        }
        synchronized (this) {
            key = keys.get(kid);
            if (key == null && mayRefresh()) {
                keys = fetch();
                key = keys.get(kid);
            }
        }
        return Optional.ofNullable(key);
    }

    private boolean mayRefresh() {
        Instant now = clock.instant();
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
