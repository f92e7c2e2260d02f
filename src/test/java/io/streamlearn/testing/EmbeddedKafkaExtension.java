package io.streamlearn.testing;

import io.streamlearn.broker.EmbeddedKafka;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real KRaft broker in the test JVM for the tests of one class:
 * {@code @RegisterExtension static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();}
 * starts it before the first test and closes it after the last.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedKafka kafka;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        kafka = EmbeddedKafka.start(0);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        kafka.close();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }
}
