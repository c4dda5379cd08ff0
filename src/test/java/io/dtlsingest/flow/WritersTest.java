package io.dtlsingest.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.support.IngestIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@IngestIntegrationTest
class WritersTest {

    @Autowired PipelineProperties properties;

    @Test
    void asManyWriterThreadsAsConfiguredTakeFromTheQueue() {
        long writers =
                Thread.getAllStackTraces().keySet().stream()
                        .filter(Thread::isAlive)
                        .filter(thread -> thread.getName().startsWith("ingest-writer-"))
                        .count();

        assertThat(properties.writers()).isEqualTo(2);
        assertThat(writers).isEqualTo(properties.writers());
    }
}
