package io.dtlsingest.device;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code ingest.devices.file} names a file. An empty value counts as unset, as
 * deployment templates often pass {@code INGEST_DEVICES_FILE=""} for "none".
 */
class DevicesFileConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return StringUtils.hasText(context.getEnvironment().getProperty("ingest.devices.file"));
    }
}
