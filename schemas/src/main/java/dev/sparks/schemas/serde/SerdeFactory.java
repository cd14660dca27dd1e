package dev.sparks.schemas.serde;

import dev.sparks.schemas.topic.Topic;
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

    static SerdeFactory singleObjectEncoding() {
        return SingleObjectSerde::forType;
    }
}
