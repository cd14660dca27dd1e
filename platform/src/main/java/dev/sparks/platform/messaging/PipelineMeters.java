package dev.sparks.platform.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The pipeline's counters, named the same in every service; which service a series comes from is
 * the {@code service} label Prometheus adds when it scrapes (compose, Kubernetes and the local
 * configuration all set it), so it is not repeated here.
 *
 * <ul>
 *   <li>{@code sparks_stage_events_total{stage,topic}}: records a stage consumed and handled,
 *       per consumer group ({@code stage}, the same name as the lag metrics' {@code consumergroup});</li>
 *   <li>{@code sparks_dead_letters_total{stage,topic,reason}}: records a stage dead-lettered, per
 *       dead-letter topic and kind of reason ({@code no_value}, {@code undecodable}, {@code rejected},
 *       or the failure's class);</li>
 *   <li>{@code sparks_dead_letters_redriven_total{topic}}: letters a re-drive sent back.</li>
 * </ul>
 *
 * Counted when the listener returns: a batch whose Kafka transaction then aborts is retried and
 * counted again, so these are rates to watch, not a ledger (reconciliation is the ledger).
 */
public class PipelineMeters {

    public static final String STAGE_EVENTS = "sparks.stage.events";
    public static final String DEAD_LETTERS = "sparks.dead.letters";
    public static final String REDRIVEN = "sparks.dead.letters.redriven";

    private final MeterRegistry registry;

    public PipelineMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void handled(String stage, String topic, int records) {
        if (records > 0) {
            Counter.builder(STAGE_EVENTS).description("Records a stage consumed and handled")
                    .tag("stage", stage).tag("topic", topic).register(registry).increment(records);
        }
    }

    void deadLettered(String stage, String deadLetterTopic, String reason) {
        Counter.builder(DEAD_LETTERS).description("Records a stage sent to its dead-letter topic")
                .tag("stage", stage).tag("topic", deadLetterTopic).tag("reason", reason).register(registry).increment();
    }

    /** Letters of {@code deadLetterTopic} a re-drive sent back to be processed again. */
    public void redriven(String deadLetterTopic, long letters) {
        Counter counter = Counter.builder(REDRIVEN).description("Dead letters a re-drive sent back")
                .tag("topic", deadLetterTopic).register(registry);
        counter.increment(letters);
    }
}
