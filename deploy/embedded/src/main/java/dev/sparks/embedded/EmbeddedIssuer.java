package dev.sparks.embedded;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A local stand-in for an Auth0 tenant: it serves its signing keys the way Auth0 does (JWKS JSON at
 * {@code <issuer>.well-known/jwks.json}) and mints RS256 access tokens in Auth0's shape ({@code iss}
 * with a trailing slash, {@code aud}, {@code sub}, {@code scope}, {@code permissions}). The local
 * stack uses it as the development issuer and the tests use it instead of Auth0.
 *
 * <p>It also signs people in the way an Auth0 tenant does for a web application: the authorization
 * code flow with PKCE ({@code /authorize}, {@code /oauth/token}, see {@link AuthorizationCodeFlow})
 * for the users and clients added with {@link #addUser} and {@link #addClient}.
 */
public final class EmbeddedIssuer implements AutoCloseable {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final HttpServer server;
    private final List<SigningKey> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final AtomicInteger keysMinted = new AtomicInteger();
    private final AuthorizationCodeFlow signIn;
    private volatile SigningKey current;

    /** The custom claim Sparks reads the customer id from (an Auth0 Action sets it). */
    public static final String CUSTOMER_ID_CLAIM = "https://sparks.dev/customer_id";

    /** A key pair and the {@code kid} it is published under. */
    public record SigningKey(String kid, KeyPair keys) {}

    /**
     * A person who can sign in: {@code username} is shown and chosen on the sign-in page; tokens carry
     * {@code subject} as {@code sub}, the {@code permissions} and, unless null, the customer id claim.
     */
    public record User(String username, String name, String subject, String customerId, List<String> permissions) {

        public User {
            permissions = List.copyOf(permissions);
        }
    }

    private EmbeddedIssuer(HttpServer server, Clock clock) {
        this.server = server;
        this.signIn = new AuthorizationCodeFlow(this, clock);
    }

    /** Starts on {@code port} (0 picks a free one) on the loopback address, with one signing key. */
    public static EmbeddedIssuer start(int port) {
        return start(port, Clock.systemUTC());
    }

    /** As {@link #start(int)}; tokens issued at sign-in are dated by {@code clock} (the services' business time). */
    public static EmbeddedIssuer start(int port, Clock clock) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            EmbeddedIssuer issuer = new EmbeddedIssuer(server, clock);
            issuer.rotate();
            issuer.signIn.register(server);
            server.createContext("/.well-known/jwks.json", exchange -> {
                issuer.jwksRequests.incrementAndGet();
                byte[] body = issuer.jwks().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return issuer;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the development issuer", e);
        }
    }

    /** The issuer URL as Auth0 writes it in {@code iss}: with a trailing slash. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** Publishes a new key and signs with it from now on; the old keys stay published. */
    public SigningKey rotate() {
        // Numbered by keys ever minted, not by keys published: a retired key's kid is never reused.
        SigningKey key = newKey("key-" + keysMinted.incrementAndGet());
        published.add(key);
        current = key;
        return key;
    }

    /**
     * Stops publishing the key {@code kid}, as an issuer does when it revokes a key; tokens signed
     * with it can still be minted through {@link #sign(SigningKey, String, Map)}.
     */
    public void retire(String kid) {
        published.removeIf(key -> key.kid().equals(kid));
    }

    /** A key pair that is not published, for forging tokens in tests. */
    public static SigningKey newKey(String kid) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new SigningKey(kid, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lets {@code user} sign in through {@code /authorize}. */
    public EmbeddedIssuer addUser(User user) {
        signIn.addUser(user);
        return this;
    }

    /** Registers an application and its allowed callback URLs, as an Auth0 application's settings do. */
    public EmbeddedIssuer addClient(String clientId, List<String> redirectUris) {
        signIn.addClient(clientId, redirectUris);
        return this;
    }

    public int jwksRequests() {
        return jwksRequests.get();
    }

    /** The claims of an Auth0 access token for {@code subject}, valid for {@code ttl} from {@code now}. */
    public Map<String, Object> claims(String subject, String audience, Instant now, Duration ttl) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer());
        claims.put("sub", subject);
        claims.put("aud", List.of(audience, issuer() + "userinfo"));
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        claims.put("scope", "openid profile");
        return claims;
    }

    /** Signs {@code claims} with the current key. */
    public String sign(Map<String, Object> claims) {
        return sign(current, "RS256", claims);
    }

    /** Signs with any key and declared algorithm; only RS256 produces a valid signature. */
    public static String sign(SigningKey key, String alg, Map<String, Object> claims) {
        String header = B64.encodeToString(json(Map.of("alg", alg, "typ", "JWT", "kid", key.kid()))
                .getBytes(StandardCharsets.UTF_8));
        String payload = B64.encodeToString(json(claims).getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + payload;
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key.keys().getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String jwks() {
        List<String> keys = new ArrayList<>();
        for (SigningKey key : published) {
            RSAPublicKey rsa = (RSAPublicKey) key.keys().getPublic();
            Map<String, Object> jwk = new LinkedHashMap<>();
            jwk.put("kty", "RSA");
            jwk.put("use", "sig");
            jwk.put("alg", "RS256");
            jwk.put("kid", key.kid());
            jwk.put("n", unsigned(rsa.getModulus()));
            jwk.put("e", unsigned(rsa.getPublicExponent()));
            keys.add(json(jwk));
        }
        return "{\"keys\":[" + String.join(",", keys) + "]}";
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return B64.encodeToString(bytes);
    }

    /** Just enough JSON for claims: strings, numbers, booleans and lists of them. */
    static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(entry -> json(entry.getKey().toString()) + ":" + json(entry.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(EmbeddedIssuer::json).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
