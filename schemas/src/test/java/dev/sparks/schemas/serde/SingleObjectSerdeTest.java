package dev.sparks.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparks.schemas.usage.RawUsageEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SingleObjectSerdeTest {

    private final SingleObjectSerde<RawUsageEvent> serde = SingleObjectSerde.forType(RawUsageEvent.class);

    @Test
    void roundTripKeepsEveryFieldIncludingExactDecimals() {
        RawUsageEvent event = rawEvent("1234.000000001");

        RawUsageEvent decoded = serde.decode(serde.encode(event));

        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.getQuantity()).isEqualByComparingTo("1234.000000001");
    }

    @Test
    void encodingStartsWithTheSingleObjectMarkerAndFingerprint() {
        byte[] bytes = serde.encode(rawEvent("1"));

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(bytes.length).isGreaterThan(10);
    }

    @Test
    void decodesDataWrittenWithAnOlderPublishedSchemaThatLackedAField() throws IOException {
        // An older writer that did not know "properties": resolved through the schema store.
        Schema current = RawUsageEvent.getClassSchema();
        Schema older = withoutField(current, "properties");
        GenericRecord old = new GenericData.Record(older);
        RawUsageEvent template = rawEvent("7.5");
        for (Schema.Field field : older.getFields()) {
            old.put(field.name(), rawValue(template, field.name()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(old, out);

        SingleObjectSerde<RawUsageEvent> reader = SingleObjectSerde.forTypeWithExtraSchemas(RawUsageEvent.class, older);
        RawUsageEvent decoded = reader.decode(out.toByteArray());

        assertThat(decoded.getCustomerId()).isEqualTo("acme");
        assertThat(decoded.getProperties()).isEmpty();
    }

    @Test
    void garbageIsASerializationErrorNamingTheType() {
        assertThatThrownBy(() -> serde.decode(new byte[] {1, 2, 3}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("RawUsageEvent");
    }

    @Test
    void unknownFingerprintIsASerializationError() {
        byte[] bytes = serde.encode(rawEvent("1"));
        bytes[5] ^= 0x7f;

        assertThatThrownBy(() -> serde.decode(bytes)).isInstanceOf(SerializationException.class);
    }

    private static RawUsageEvent rawEvent(String quantity) {
        return RawUsageEvent.newBuilder()
                .setEventId("5b0b3c70-8a39-4a0e-9d53-0b6b8f0f7a10")
                .setOccurredAt(Instant.parse("2026-10-05T12:00:00Z"))
                .setCustomerId("acme")
                .setProducer("test")
                .setSource("api")
                .setMetric("ai_tokens")
                .setQuantity(new BigDecimal(quantity).setScale(9))
                .setIngestedAt(Instant.parse("2026-10-05T12:00:01Z"))
                .setProperties(Map.of("model", "gpt-4o"))
                .build();
    }

    private static Object rawValue(RawUsageEvent event, String field) {
        // Encode logical types as the generic writer expects them.
        Object value = event.get(field);
        if (value instanceof BigDecimal decimal) {
            return new org.apache.avro.Conversions.DecimalConversion().toBytes(
                    decimal, null, RawUsageEvent.getClassSchema().getField(field).schema().getLogicalType());
        }
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        return value;
    }

    private static Schema withoutField(Schema schema, String dropped) {
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false,
                schema.getFields().stream()
                        .filter(field -> !field.name().equals(dropped))
                        .map(field -> new Schema.Field(field, field.schema()))
                        .toList());
    }
}
