package io.streamlearn.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The console's address that {@code run} and {@code demo} print. */
class HttpSettingsTest {

    @Test
    void theConsoleUrlNamesTheBoundHostOrLocalhost() {
        assertThat(HttpSettings.onPort(0).consoleUrl(8080)).isEqualTo("http://localhost:8080/");
        assertThat(HttpSettings.onPort(0).withHost("0.0.0.0").consoleUrl(41234)).isEqualTo("http://localhost:41234/");
        assertThat(HttpSettings.onPort(0).withHost("127.0.0.1").consoleUrl(8081)).isEqualTo("http://127.0.0.1:8081/");
        assertThat(HttpSettings.onPort(0).withHost("::1").consoleUrl(8081)).isEqualTo("http://[::1]:8081/");
    }
}
