package dev.sparks.embedded;

import java.util.Collection;
import java.util.Comparator;
import java.util.stream.Collectors;

/** The development issuer's sign-in page: one button per sample user, nothing to type. */
final class LoginPage {

    private LoginPage() {}

    static String render(String transaction, Collection<EmbeddedIssuer.User> users) {
        String buttons = users.stream().sorted(Comparator.comparing(EmbeddedIssuer.User::username))
                .map(user -> "<li><button type=\"submit\" name=\"username\" value=\"" + escape(user.username()) + "\">Sign in as "
                        + escape(user.name()) + " <small>(" + escape(user.username()) + ")</small></button></li>")
                .collect(Collectors.joining("\n"));
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Sign in – Sparks development issuer</title>
                <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
                ul{list-style:none;padding:0}button{font-size:1rem;padding:.6rem 1rem;margin:.3rem 0;width:100%%;text-align:left;
                background:#fff;border:2px solid #1f4fa0;border-radius:6px;color:#1f4fa0;cursor:pointer}
                button:focus{outline:3px solid #ffbf47}</style></head>
                <body><main><h1>Sign in</h1>
                <p>Development issuer (an Auth0 stand-in): choose a sample user.</p>
                <form method="post" action="/authorize">
                <input type="hidden" name="transaction" value="%s">
                <ul>
                %s
                </ul></form></main></body></html>
                """.formatted(escape(transaction), buttons);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
