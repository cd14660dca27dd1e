package dev.sparks.schemas.serde;

import dev.sparks.schemas.topic.Topic;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one place serdes come from. The default is Avro single-object encoding; a registry-backed
 * serde (Confluent wire format) can be added as another implementation chosen by configuration.
 */
public interface SerdeFactory {

    <V extends SpecificRecord> Serde<V> valueSerde(Class<V> valueType);

    default Serde<String> keySerde() {
        return Serdes.String();
    }

    default <V extends SpecificRecord> Serde<V> valueSerde(Topic<?, V> topic) {
        return valueSerde(topic.valueType());
    }

    /** Serdes are built once per type: building one parses every published schema version. */
    static SerdeFactory singleObjectEncoding() {
        Map<Class<?>, Serde<?>> serdes = new ConcurrentHashMap<>();
        return new SerdeFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <V extends SpecificRecord> Serde<V> valueSerde(Class<V> valueType) {
                return (Serde<V>) serdes.computeIfAbsent(valueType, type -> SingleObjectSerde.forType(valueType));
            }
        };
    }
}
