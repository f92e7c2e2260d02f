package io.streamlearn.testing;

import io.streamlearn.spec.SpecException;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.spec.TopologySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code topologies/payments.yaml} with its hashed blocks narrowed (merchant_id 256, description 512,
 * the cross 512 columns: 2,340 in all), so that the MLP's dense first-layer step stays cheap in tests.
 */
public final class PaymentsSpec {

    private PaymentsSpec() {}

    public static TopologySpec narrow() throws IOException, SpecException {
        String text = Files.readString(Path.of("topologies/payments.yaml"), StandardCharsets.UTF_8)
                .replace("hash: 4096", "hash: 256").replace("hash: 65536", "hash: 512")
                .replace("- [country, /device/os]", "- {fields: [country, /device/os], hash: 512}");
        return SpecParser.parse(text, "payments-narrow.yaml");
    }
}
