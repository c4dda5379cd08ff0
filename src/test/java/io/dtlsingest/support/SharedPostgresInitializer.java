package io.dtlsingest.support;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points an application context at the shared embedded PostgreSQL. */
public class SharedPostgresInitializer
        implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment()
                .getPropertySources()
                .addFirst(
                        new MapPropertySource(
                                "sharedPostgres",
                                Map.of(
                                        "spring.datasource.url", SharedPostgres.jdbcUrl(),
                                        "spring.datasource.username", "postgres",
                                        "spring.datasource.password", "postgres")));
    }
}
