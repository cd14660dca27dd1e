package dev.sparks.notification.mail.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;

/**
 * Why SMTP did not take a mail, and whether trying again could help. A 5xx reply (550 mailbox
 * unavailable) or an address that does not parse is permanent: the same mail would be refused
 * again. A 4xx reply, a refused connection, a timeout or anything not understood is transient:
 * retried with backoff, because giving up on a mail the server would take tomorrow loses it.
 */
record SmtpFailure(boolean permanent, String reason) {

    /** A server reply as Jakarta Mail reports it: "550 5.1.1 No such user". */
    private static final Pattern REPLY = Pattern.compile("^([2-5]\\d\\d)[ -]");

    static SmtpFailure of(MailException failure) {
        List<Throwable> causes = causes(failure);
        for (Throwable cause : causes) {
            if (cause instanceof AddressException invalid) {
                return new SmtpFailure(true, "Invalid address " + invalid.getRef() + ": " + invalid.getMessage());
            }
            int code = replyCode(cause);
            if (code > 0) {
                return new SmtpFailure(code >= 500, "SMTP replied " + String.valueOf(cause.getMessage()).strip());
            }
        }
        if (failure instanceof MailParseException || failure instanceof MailPreparationException) {
            return new SmtpFailure(true, "Invalid message: " + failure.getMessage());
        }
        Throwable root = causes.getLast();
        return new SmtpFailure(false, root.getClass().getSimpleName() + ": " + root.getMessage());
    }

    /**
     * The reply code of an SMTP refusal, 0 for anything else. Angus Mail's SMTP exceptions carry the
     * server's reply as their message; their own types are runtime-only, so the code is read from it.
     */
    private static int replyCode(Throwable cause) {
        if (!(cause instanceof MessagingException) || cause.getMessage() == null) {
            return 0;
        }
        Matcher reply = REPLY.matcher(cause.getMessage());
        return reply.find() ? Integer.parseInt(reply.group(1)) : 0;
    }

    /** The failure and everything it wraps: causes, per-message exceptions and Jakarta Mail's chained ones. */
    private static List<Throwable> causes(MailException failure) {
        List<Throwable> all = new ArrayList<>();
        Set<Throwable> seen = new HashSet<>();
        Deque<Throwable> todo = new ArrayDeque<>(List.of(failure));
        while (!todo.isEmpty()) {
            Throwable next = todo.removeFirst();
            if (!seen.add(next)) {
                continue;
            }
            all.add(next);
            List<Throwable> wrapped = new ArrayList<>();
            if (next instanceof MailSendException send) {
                wrapped.addAll(List.of(send.getMessageExceptions()));
            }
            if (next instanceof MessagingException messaging) {
                wrapped.add(messaging.getNextException());
            }
            wrapped.add(next.getCause());
            wrapped.stream().filter(java.util.Objects::nonNull).forEach(todo::addLast);
        }
        return all;
    }
}
