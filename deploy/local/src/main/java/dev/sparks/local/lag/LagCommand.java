package dev.sparks.local.lag;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code ./sparks lag [--bootstrap-server host:port] [--group name]}: prints every consumer group's
 * lag in records and seconds, for the running {@code ./sparks up} (its broker on
 * {@code localhost:19092}) or any cluster. Exits 1 when the cluster does not answer.
 */
public final class LagCommand {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private LagCommand() {}

    /** {@code args} are what follows {@code lag}; {@code clock} is the machine's, which producers stamp records with. */
    public static int run(List<String> args, String defaultBootstrapServers, Clock clock) {
        String bootstrapServers = defaultBootstrapServers;
        String group = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ((arg.equals("--bootstrap-server") || arg.equals("--group")) && i + 1 < args.size()) {
                if (arg.equals("--group")) {
                    group = args.get(++i);
                } else {
                    bootstrapServers = args.get(++i);
                }
            } else {
                System.err.println("usage: ./sparks lag [--bootstrap-server host:port] [--group name]");
                return 2;
            }
        }
        try (LagCollector collector = new LagCollector(bootstrapServers, clock, TIMEOUT)) {
            LagSnapshot snapshot = collector.collect();
            if (group != null) {
                String only = group;
                snapshot = new LagSnapshot(snapshot.brokers(),
                        snapshot.groups().stream().filter(g -> g.group().equals(only)).toList(),
                        snapshot.logEndOffsets(), snapshot.oldestOffsets());
            }
            System.out.print(LagTable.format(snapshot));
            return 0;
        } catch (RuntimeException e) {
            System.err.println("sparks: no lag from " + bootstrapServers + ": " + e.getMessage()
                    + (bootstrapServers.equals(defaultBootstrapServers) ? " (is ./sparks up running?)" : ""));
            return 1;
        }
    }
}
