package dev.sparks.embedded;

import java.nio.file.Path;

/**
 * Stands in for a launcher in its own JVM: starts the persistent PostgreSQL, says so, and waits to
 * be killed. A {@code kill -9} of this process leaves the server running, as with the real launcher.
 */
public final class PostgresHolder {

    private PostgresHolder() {}

    public static void main(String[] args) throws InterruptedException {
        EmbeddedPostgresServer.startPersistent(Path.of(args[0]), Integer.parseInt(args[1]));
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
