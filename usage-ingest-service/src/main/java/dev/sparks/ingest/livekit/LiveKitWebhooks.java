package dev.sparks.ingest.livekit;

import dev.sparks.ingest.intake.IngestCounters;
import dev.sparks.ingest.livekit.LiveKitLedger.Session;
import dev.sparks.platform.outbox.Outbox;
import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.deadletter.DeadLetterReasons;
import dev.sparks.schemas.metric.Metric;
import dev.sparks.schemas.metric.Metrics;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one verified LiveKit webhook in one database transaction: the delivery id, the
 * open-session state, and the usage events (and dead letters) it produces, through the outbox.
 * Deliveries are at least once and out of order, so each rule holds whatever came before:
 * <ul>
 *   <li>a delivery id seen before has no effect;</li>
 *   <li>a session is closed by its {@code participant_left} (or connection aborted) or by
 *       {@code room_finished}, whichever arrives first, and billed once, when it closes;</li>
 *   <li>a leave whose join was lost is billed from the {@code joinedAt} the leave carries;</li>
 *   <li>a join arriving after its leave does not reopen the session.</li>
 * </ul>
 * Usage is dated at the session's end, so the whole session lands in the period it ended in.
 */
public class LiveKitWebhooks {

    public static final String SOURCE = "livekit";
    static final String DEAD_LETTER_SOURCE = "webhook:livekit";

    private final LiveKitLedger ledger;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Map<String, BigDecimal> listPriceUsd;
    private final String producer;
    private final Clock clock;
    private final IngestCounters counters;

    public LiveKitWebhooks(LiveKitLedger ledger, Outbox outbox, TransactionTemplate transactions,
            Map<String, BigDecimal> listPriceUsd, String producer, Clock clock, IngestCounters counters) {
        this.ledger = ledger;
        this.outbox = outbox;
        this.transactions = transactions;
        this.listPriceUsd = Map.copyOf(listPriceUsd);
        this.producer = producer;
        this.clock = clock;
        this.counters = counters;
    }

    public Applied apply(WebhookEvent event, byte[] body) {
        Applied applied = transactions.execute(status -> {
            if (!ledger.firstDelivery(event.id(), event.event())) {
                return Applied.repeatedDelivery();
            }
            Effects effects = new Effects(event, body);
            switch (event.event()) {
                case "room_started" -> event.room().ifPresent(room -> rememberRoom(room, event.createdAt()));
                case "participant_joined" -> joined(event);
                case "participant_left", "participant_connection_aborted" -> left(event, effects);
                case "room_finished" -> roomFinished(event, effects);
                case "egress_ended" -> egressEnded(event, effects);
                case "ingress_ended" -> ingressEnded(event, effects);
                default -> effects.ignored = true;
            }
            effects.usage.forEach(usage -> outbox.append(Topics.USAGE_RAW, usage.getCustomerId(), usage.getEventId(), usage));
            effects.deadLetters.forEach(letter ->
                    outbox.append(Topics.INGEST_DEAD_LETTERS, "", letter.getEventId(), letter));
            return new Applied(false, effects.ignored, effects.usage, effects.deadLetters);
        });
        count(event, applied);
        return applied;
    }

    private void joined(WebhookEvent event) {
        event.room().ifPresent(room -> rememberRoom(room, event.createdAt()));
        event.participant().ifPresent(participant -> ledger.open(new Session(roomName(event), participant.sid(),
                participant.identity(), participant.kind(), customerOf(event, participant),
                participant.joinedAt().orElse(event.createdAt()), Optional.empty())));
    }

    private void left(WebhookEvent event, Effects effects) {
        WebhookEvent.Participant participant = event.participant().orElse(null);
        if (participant == null) {
            effects.deadLetter("participant", "A " + event.event() + " without a participant cannot be billed");
            return;
        }
        String roomName = roomName(event);
        Optional<Session> known = ledger.find(roomName, participant.sid());
        if (known.isPresent() && !known.get().open()) {
            return;
        }
        Session session = known.orElseGet(() -> {
            // The join was lost: the leave carries the participant's joinedAt, which is all we need.
            Session lost = new Session(roomName, participant.sid(), participant.identity(), participant.kind(),
                    customerOf(event, participant), participant.joinedAt().orElse(event.createdAt()), Optional.empty());
            ledger.open(lost);
            return lost;
        });
        closeAndBill(session, event.createdAt(), effects);
    }

    private void roomFinished(WebhookEvent event, Effects effects) {
        String roomName = roomName(event);
        ledger.roomFinished(roomName, event.createdAt());
        for (Session session : ledger.openSessions(roomName)) {
            closeAndBill(session, event.createdAt(), effects);
        }
    }

    private void closeAndBill(Session session, Instant leftAt, Effects effects) {
        ledger.close(session, leftAt);
        Optional<Metric> metric = LiveKitBilling.sessionMetric(session.kind());
        if (metric.isEmpty()) {
            return;
        }
        Optional<String> customer = session.customerId().or(() -> ledger.roomCustomer(session.roomName()));
        if (customer.isEmpty()) {
            effects.deadLetter(session.participantSid(), DeadLetterReasons.coded(DeadLetterReasons.CUSTOMER_UNRESOLVED,
                    "No Sparks customer for " + metric.get().name() + " of participant '" + session.identity()
                    + "' in room '" + session.roomName() + "': set " + CustomerConvention.KEY
                    + " in the participant's attributes or metadata, or in the room's metadata"));
            return;
        }
        effects.usage(usage("session:" + session.roomName() + ":" + session.participantSid(), customer.get(),
                metric.get(), LiveKitBilling.billableMinutes(session.joinedAt(), leftAt), leftAt,
                Map.of("livekit_room", session.roomName(), "livekit_participant", session.identity())));
    }

    private void egressEnded(WebhookEvent event, Effects effects) {
        WebhookEvent.Egress egress = event.egress().orElse(null);
        if (egress == null || egress.startedAt().isEmpty() || egress.endedAt().isEmpty()) {
            effects.deadLetter("egress", "egress_ended without egressInfo.startedAt and endedAt cannot be billed");
            return;
        }
        transcoding(effects, "egress:" + egress.egressId(), egress.roomName(), Metrics.LIVEKIT_EGRESS_MINUTES,
                egress.startedAt().get(), egress.endedAt().get(), Map.of("livekit_room", egress.roomName(),
                        "livekit_egress_id", egress.egressId()));
    }

    private void ingressEnded(WebhookEvent event, Effects effects) {
        WebhookEvent.Ingress ingress = event.ingress().orElse(null);
        if (ingress == null || ingress.startedAt().isEmpty() || ingress.endedAt().isEmpty()) {
            effects.deadLetter("ingress", "ingress_ended without ingressInfo.state.startedAt and endedAt cannot be billed");
            return;
        }
        // An ingress can be reused: each start-to-end run is its own usage.
        String key = "ingress:" + ingress.ingressId() + ":" + ingress.startedAt().get().toEpochMilli();
        transcoding(effects, key, ingress.roomName(), Metrics.LIVEKIT_INGRESS_MINUTES,
                ingress.startedAt().get(), ingress.endedAt().get(), Map.of("livekit_room", ingress.roomName(),
                        "livekit_ingress_id", ingress.ingressId()));
    }

    private void transcoding(Effects effects, String key, String roomName, Metric metric, Instant start, Instant end,
            Map<String, String> properties) {
        Optional<String> customer = effects.event.room().flatMap(CustomerConvention::of)
                .or(() -> ledger.roomCustomer(roomName));
        if (customer.isEmpty()) {
            effects.deadLetter(key, DeadLetterReasons.coded(DeadLetterReasons.CUSTOMER_UNRESOLVED,
                    "No Sparks customer for " + metric.name() + " in room '" + roomName + "': set " + CustomerConvention.KEY
                    + " in the room's metadata"));
            return;
        }
        effects.usage(usage(key, customer.get(), metric, LiveKitBilling.billableMinutes(start, end), end, properties));
    }

    private void rememberRoom(WebhookEvent.Room room, Instant at) {
        if (!room.name().isEmpty()) {
            ledger.room(room.name(), room.sid(), CustomerConvention.of(room), at);
        }
    }

    private Optional<String> customerOf(WebhookEvent event, WebhookEvent.Participant participant) {
        return CustomerConvention.of(participant)
                .or(() -> event.room().flatMap(CustomerConvention::of))
                .or(() -> ledger.roomCustomer(roomName(event)));
    }

    private static String roomName(WebhookEvent event) {
        return event.room().map(WebhookEvent.Room::name).orElse("");
    }

    private RawUsageEvent usage(String key, String customer, Metric metric, long minutes, Instant occurredAt,
            Map<String, String> properties) {
        return RawUsageEvent.newBuilder()
                .setEventId(deterministicId("livekit:" + key))
                .setOccurredAt(occurredAt)
                .setCustomerId(customer)
                .setProducer(producer)
                .setSource(SOURCE)
                .setMetric(metric.name())
                .setQuantity(BigDecimal.valueOf(minutes).setScale(9))
                .setIngestedAt(clock.instant())
                .setProperties(properties)
                .setProviderUnitCostUsd(listPriceUsd.containsKey(metric.name())
                        ? listPriceUsd.get(metric.name()).setScale(9)
                        : null)
                .build();
    }

    private void count(WebhookEvent event, Applied applied) {
        if (applied.duplicate()) {
            counters.duplicate(SOURCE, 1);
        } else if (applied.ignored()) {
            counters.ignored(SOURCE, "not_billable");
        }
        counters.accepted(SOURCE, applied.usage().size());
        applied.deadLetters().forEach(letter -> counters.deadLettered(SOURCE, "no_customer_or_times"));
    }

    static String deterministicId(String key) {
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** What a delivery did: nothing (duplicate or not billable), usage events, dead letters. */
    public record Applied(boolean duplicate, boolean ignored, List<RawUsageEvent> usage, List<DeadLetter> deadLetters) {

        static Applied repeatedDelivery() {
            return new Applied(true, false, List.of(), List.of());
        }

        public List<String> outboxEventIds() {
            List<String> ids = new ArrayList<>();
            usage.forEach(event -> ids.add(event.getEventId()));
            deadLetters.forEach(letter -> ids.add(letter.getEventId()));
            return ids;
        }
    }

    /** Collects a delivery's effects while its transaction runs. */
    private final class Effects {

        private final WebhookEvent event;
        private final byte[] body;
        private final List<RawUsageEvent> usage = new ArrayList<>();
        private final List<DeadLetter> deadLetters = new ArrayList<>();
        private boolean ignored;

        Effects(WebhookEvent event, byte[] body) {
            this.event = event;
            this.body = body;
        }

        void usage(RawUsageEvent event) {
            usage.add(event);
        }

        void deadLetter(String subject, String reason) {
            deadLetters.add(DeadLetter.newBuilder()
                    .setEventId(deterministicId("livekit-dead-letter:" + event.id() + ":" + subject))
                    .setOccurredAt(clock.instant())
                    .setProducer(producer)
                    .setSourceTopic(DEAD_LETTER_SOURCE)
                    .setSourcePartition(-1)
                    .setSourceOffset(-1)
                    .setOriginalEventId(event.id())
                    .setReason(reason)
                    .setOriginalValue(ByteBuffer.wrap(body))
                    .build());
        }
    }
}
