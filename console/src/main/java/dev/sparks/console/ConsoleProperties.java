package dev.sparks.console;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sparks.console.*}.
 *
 * @param publicUrl     where browsers reach the console; the sign-in callback is {@code <publicUrl>/login/callback}
 * @param services      base URLs of the services whose APIs the pages call
 * @param auth          the OpenID Connect issuer (Auth0 tenant) and this application's client there
 * @param serviceKey    an API key for the public pricing page only: the plan catalogue and price previews
 *                      by plan, never a customer's data (signed-in pages use the user's own token)
 * @param secureCookies mark the session cookie {@code Secure} (set it behind TLS)
 */
@ConfigurationProperties("sparks.console")
public record ConsoleProperties(URI publicUrl, Services services, Auth auth, String serviceKey, boolean secureCookies) {

    public record Services(URI subscription, URI invoicing, URI rating) {}

    /**
     * @param issuer          the tenant as tokens name it, with its trailing slash ({@code https://x.eu.auth0.com/});
     *                        {@code authorize} and {@code oauth/token} are resolved against it, as on Auth0
     * @param clientId        this application's client id at the issuer (a public client: PKCE, no secret)
     * @param audience        the API identifier the access token is asked for
     * @param adminPermission the RBAC permission that opens the admin pages (the services check it again)
     */
    public record Auth(URI issuer, String clientId, String audience, String adminPermission) {}

    public URI callback() {
        return URI.create(publicUrl.toString().replaceAll("/+$", "") + "/login/callback");
    }
}
