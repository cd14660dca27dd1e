package dev.sparks.ingest.livekit;

import java.time.Instant;
import java.util.UUID;

/** Webhook bodies in LiveKit's JSON shape (protobuf JSON: camelCase, int64 as strings). */
final class LiveKitPayloads {

    private LiveKitPayloads() {}

    static String roomStarted(String room, String customer, Instant at) {
        return envelope("room_started", at, "\"room\":" + room(room, customer));
    }

    static String roomFinished(String room, Instant at) {
        return envelope("room_finished", at, "\"room\":" + room(room, null));
    }

    static String participant(String event, String room, String roomCustomer, String sid, String kind, Instant joinedAt,
            String participantCustomer, Instant at) {
        String attributes = participantCustomer == null ? "{}" : "{\"sparks_customer_id\":\"" + participantCustomer + "\"}";
        return envelope(event, at, "\"room\":" + room(room, roomCustomer) + ",\"participant\":{\"sid\":\"" + sid
                + "\",\"identity\":\"user-" + sid + "\",\"state\":\"ACTIVE\",\"joinedAt\":\"" + joinedAt.getEpochSecond()
                + "\",\"joinedAtMs\":\"" + joinedAt.toEpochMilli() + "\",\"name\":\"Someone\",\"version\":2,\"kind\":\"" + kind
                + "\",\"attributes\":" + attributes + ",\"metadata\":\"\"}");
    }

    static String egressEnded(String room, String egressId, Instant started, Instant ended) {
        return envelope("egress_ended", ended, "\"egressInfo\":{\"egressId\":\"" + egressId + "\",\"roomId\":\"RM_x\","
                + "\"roomName\":\"" + room + "\",\"status\":\"EGRESS_COMPLETE\",\"startedAt\":\"" + nanos(started)
                + "\",\"endedAt\":\"" + nanos(ended) + "\",\"roomComposite\":{\"layout\":\"speaker\"}}");
    }

    static String ingressEnded(String room, String ingressId, Instant started, Instant ended) {
        return envelope("ingress_ended", ended, "\"ingressInfo\":{\"ingressId\":\"" + ingressId + "\",\"inputType\":\"RTMP_INPUT\","
                + "\"roomName\":\"" + room + "\",\"state\":{\"status\":\"ENDPOINT_INACTIVE\",\"startedAt\":\"" + nanos(started)
                + "\",\"endedAt\":\"" + nanos(ended) + "\"}}");
    }

    static String trackPublished(String room, Instant at) {
        return envelope("track_published", at, "\"room\":" + room(room, null)
                + ",\"track\":{\"sid\":\"TR_1\",\"type\":\"AUDIO\"}");
    }

    static String withId(String payload, String id) {
        return payload.replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"" + id + "\"");
    }

    private static String envelope(String event, Instant at, String body) {
        return "{\"event\":\"" + event + "\"," + body + ",\"id\":\"EV_" + UUID.randomUUID() + "\",\"createdAt\":\""
                + at.getEpochSecond() + "\"}";
    }

    private static String room(String name, String customer) {
        String metadata = customer == null ? "" : "{\\\"sparks_customer_id\\\":\\\"" + customer + "\\\"}";
        return "{\"sid\":\"RM_" + name + "\",\"name\":\"" + name + "\",\"emptyTimeout\":300,\"creationTime\":\"1700000000\","
                + "\"metadata\":\"" + metadata + "\",\"numParticipants\":1}";
    }

    private static String nanos(Instant at) {
        return String.valueOf(at.getEpochSecond() * 1_000_000_000L + at.getNano());
    }
}
