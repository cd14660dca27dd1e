package dev.sparks.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding (a 2-byte marker, the writer schema's 8-byte fingerprint, then the
 * binary datum). The reader resolves any published version of the schema to the generated class,
 * so producers and consumers can be upgraded in any order.
 */
public final class SingleObjectSerde<T extends SpecificRecord> implements Serde<T> {

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private SingleObjectSerde(Class<T> type, List<Schema> extraWriterSchemas) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        Schema current = model.getSchema(type);
        SchemaStore.Cache store = new SchemaStore.Cache();
        PublishedSchemas.versionsOf(current.getFullName()).forEach(store::addSchema);
        extraWriterSchemas.forEach(store::addSchema);
        store.addSchema(current);
        this.encoder = new BinaryMessageEncoder<>(model, current);
        this.decoder = new BinaryMessageDecoder<>(model, current, store);
    }

    public static <T extends SpecificRecord> SingleObjectSerde<T> forType(Class<T> type) {
        return new SingleObjectSerde<>(type, List.of());
    }

    /** For tests and tools: also reads data written with {@code writerSchemas} (e.g. unpublished drafts). */
    public static <T extends SpecificRecord> SingleObjectSerde<T> forTypeWithExtraSchemas(
            Class<T> type, Schema... writerSchemas) {
        return new SingleObjectSerde<>(type, List.of(writerSchemas));
    }

    public byte[] encode(T value) {
        try {
            ByteBuffer buffer = encoder.encode(value);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public T decode(byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Not a readable " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }
}
