package io.dtlsingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Receives sensor telemetry from devices over DTLS 1.2, authenticated by pre-shared key or raw
 * public key, and stores the readings in PostgreSQL.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class DtlsIngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(DtlsIngestApplication.class, args);
    }
}
