package io.dtlsingest.audit;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the audit trail.
 *
 * @param retention how long an audit entry is kept; older ones are purged once a day
 */
@Validated
@ConfigurationProperties("ingest.audit")
public record AuditProperties(@DefaultValue("365d") @DurationMin(days = 1) Duration retention) {}
