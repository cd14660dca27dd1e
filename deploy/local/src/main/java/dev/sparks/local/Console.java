package dev.sparks.local;

import java.time.Duration;
import java.util.function.Supplier;

/** Progress lines for a person watching the terminal. */
final class Console {

    private Console() {}

    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    static <T> T step(String what, Supplier<T> action) {
        long started = System.nanoTime();
        System.out.print("  " + what + " ... ");
        System.out.flush();
        T result = action.get();
        System.out.println("ok (" + seconds(Duration.ofNanos(System.nanoTime() - started)) + ")");
        return result;
    }

    static void step(String what, Runnable action) {
        step(what, () -> {
            action.run();
            return null;
        });
    }

    static String seconds(Duration duration) {
        return String.format("%.1fs", duration.toMillis() / 1000.0);
    }
}
