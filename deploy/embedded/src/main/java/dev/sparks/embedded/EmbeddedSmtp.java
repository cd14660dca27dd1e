package dev.sparks.embedded;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/** A real SMTP server (GreenMail) that keeps what it receives, so the local stack sends real mail. */
public final class EmbeddedSmtp implements AutoCloseable {

    private final GreenMail greenMail;

    private EmbeddedSmtp(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /** Starts on {@code port} (0 picks a free one) on the loopback address. */
    public static EmbeddedSmtp start(int port) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        GreenMail greenMail = new GreenMail(port == 0 ? setup.dynamicPort() : setup);
        greenMail.start();
        return new EmbeddedSmtp(greenMail);
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    public List<MimeMessage> receivedMessages() {
        return List.of(greenMail.getReceivedMessages());
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
