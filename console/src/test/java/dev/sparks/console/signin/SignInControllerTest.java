package dev.sparks.console.signin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignInControllerTest {

    @Test
    void afterSignInOnlyAPathOfThisSiteIsFollowed() {
        assertThat(SignInController.localPath("/invoices?page=2")).isEqualTo("/invoices?page=2");
        assertThat(SignInController.localPath("//evil.example/")).isNull();
        assertThat(SignInController.localPath("/\\evil.example")).isNull();
        assertThat(SignInController.localPath("https://evil.example/")).isNull();
        assertThat(SignInController.localPath("/billing\r\nSet-Cookie: x")).isNull();
        assertThat(SignInController.localPath(null)).isNull();
    }

    @Test
    void theChallengeIsTheVerifiersSha256() {
        // RFC 7636, appendix B.
        assertThat(Pkce.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assertThat(Pkce.random()).hasSize(43).isNotEqualTo(Pkce.random());
    }
}
