package dev.sparks.platform.web.auth;

import dev.sparks.platform.web.Caller;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies Auth0 access tokens: compact JWS, RS256 only (so neither {@code none} nor an HMAC
 * signed with the public key can pass), key chosen by {@code kid} from the issuer's JWKS, then
 * {@code iss} exactly, {@code aud} containing our API identifier, {@code exp} and {@code nbf}
 * against the injected clock with a small skew allowance.
 *
 * <p>Admin rights come only from the permissions claim (Auth0 RBAC, "Add Permissions in the Access
 * Token"): permissions are what an administrator assigned to the user's roles. The {@code scope}
 * claim is not read, because Auth0 grants a user every scope the client asks for unless RBAC limits
 * it, so a user could request the admin scope and become an admin.
 */
public class JwtVerifier {

    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    private final String issuer;
    private final String audience;
    private final Jwks jwks;
    private final Clock clock;
    private final Duration clockSkew;
    private final String adminPermission;
    private final String permissionsClaim;
    private final String customerIdClaim;
    private final JsonMapper json = JsonMapper.builder().build();

    public JwtVerifier(String issuer, String audience, Jwks jwks, Clock clock, Duration clockSkew,
            String adminPermission, String permissionsClaim, String customerIdClaim) {
        this.issuer = issuer;
        this.audience = audience;
        this.jwks = jwks;
        this.clock = clock;
        this.clockSkew = clockSkew;
        this.adminPermission = adminPermission;
        this.permissionsClaim = permissionsClaim;
        this.customerIdClaim = customerIdClaim;
    }

    /** The caller the token speaks for; throws {@link InvalidTokenException} saying why not. */
    public Caller verify(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTokenException("Not a signed JWT");
        }
        Map<String, Object> header = decode(parts[0], "header");
        if (!"RS256".equals(header.get("alg"))) {
            throw new InvalidTokenException("Algorithm " + header.get("alg") + " is not accepted; only RS256");
        }
        Object kid = header.get("kid");
        PublicKey key = jwks.key(kid == null ? "" : kid.toString())
                .orElseThrow(() -> new InvalidTokenException("Unknown signing key " + kid));
        checkSignature(parts, key);
        Map<String, Object> claims = decode(parts[1], "payload");
        checkClaims(claims);
        String subject = claims.get("sub").toString();
        if (permissions(claims).contains(adminPermission)) {
            return new Caller.Admin(subject);
        }
        Object customerId = claims.get(customerIdClaim);
        return new Caller.Customer(subject, customerId == null ? null : customerId.toString());
    }

    private static void checkSignature(String[] parts, PublicKey key) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(B64.decode(parts[2]))) {
                throw new InvalidTokenException("Bad signature");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidTokenException("Bad signature", e);
        }
    }

    private void checkClaims(Map<String, Object> claims) {
        if (!issuer.equals(claims.get("iss"))) {
            throw new InvalidTokenException("Issuer " + claims.get("iss") + " is not " + issuer);
        }
        Object aud = claims.get("aud");
        boolean forUs = aud instanceof Collection<?> list ? list.contains(audience) : audience.equals(aud);
        if (!forUs) {
            throw new InvalidTokenException("Token is not for audience " + audience);
        }
        Instant now = clock.instant();
        Instant expires = instant(claims, "exp");
        if (expires == null || !now.isBefore(expires.plus(clockSkew))) {
            throw new InvalidTokenException("Token expired");
        }
        Instant notBefore = instant(claims, "nbf");
        if (notBefore != null && now.isBefore(notBefore.minus(clockSkew))) {
            throw new InvalidTokenException("Token not valid yet");
        }
        if (claims.get("sub") == null) {
            throw new InvalidTokenException("Token has no subject");
        }
    }

    private Set<String> permissions(Map<String, Object> claims) {
        return claims.get(permissionsClaim) instanceof List<?> permissions
                ? permissions.stream().map(String::valueOf).collect(Collectors.toSet())
                : Set.of();
    }

    private static Instant instant(Map<String, Object> claims, String name) {
        return claims.get(name) instanceof Number seconds ? Instant.ofEpochSecond(seconds.longValue()) : null;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> decode(String part, String what) {
        try {
            return json.readValue(B64.decode(part), Map.class);
        } catch (RuntimeException e) {
            throw new InvalidTokenException("Unreadable " + what, e);
        }
    }
}
