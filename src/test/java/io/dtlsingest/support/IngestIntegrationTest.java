package io.dtlsingest.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * Starts the whole application on the shared embedded PostgreSQL, with the DTLS endpoint, the API
 * and the management server on free loopback ports. Every class with exactly this annotation shares
 * one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "ingest.dtls.port=0",
            "ingest.dtls.bind-address=127.0.0.1",
            "ingest.admin.token=" + IngestIntegrationTest.ADMIN_TOKEN,
            "ingest.secrets.key=" + IngestIntegrationTest.SECRETS_KEY,
            "ingest.secrets.previous-keys=" + IngestIntegrationTest.PREVIOUS_SECRETS_KEY,
            "management.server.port=0"
        })
@ContextConfiguration(initializers = SharedPostgresInitializer.class)
@Import(ListeningEvents.class)
@Timeout(60)
public @interface IngestIntegrationTest {

    /** The admin bearer token of the test application. */
    String ADMIN_TOKEN = "test-admin-token-0123456789";

    /** The key-encryption key of test applications: base64 of 32 bytes. */
    String SECRETS_KEY = "dGVzdC1zZWNyZXRzLWtleS0wMTIzNDU2Nzg5YWJjZGU=";

    /** An earlier key-encryption key the test application still reads with. */
    String PREVIOUS_SECRETS_KEY = "b2xkLXNlY3JldHMta2V5LTAxMjM0NTY3ODlhYmNkZWY=";
}
