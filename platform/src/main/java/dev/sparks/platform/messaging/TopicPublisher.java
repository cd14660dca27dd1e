package dev.sparks.platform.messaging;

import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topic;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/** Sends typed records to registry topics through a byte-valued template (plain or transactional). */
public class TopicPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final SerdeFactory serdes;

    public TopicPublisher(KafkaTemplate<String, byte[]> kafka, SerdeFactory serdes) {
        this.kafka = kafka;
        this.serdes = serdes;
    }

    public <V extends SpecificRecord> CompletableFuture<SendResult<String, byte[]>> send(
            Topic<String, V> topic, String key, V value) {
        return kafka.send(topic.name(), key, serdes.valueSerde(topic).serializer().serialize(topic.name(), value));
    }

    public KafkaTemplate<String, byte[]> template() {
        return kafka;
    }
}
