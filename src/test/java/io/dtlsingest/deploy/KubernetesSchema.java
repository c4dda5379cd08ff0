package io.dtlsingest.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Checks manifests against the Kubernetes API types of the fabric8 model, offline: each document
 * must be of a known apiVersion and kind, and must map onto its type with no field the API does not
 * know and no value of the wrong JSON type (a number where a string belongs, say). Required fields
 * and value formats are beyond this check; the chart's tests assert the ones that matter.
 *
 * <p>fabric8 types keep unknown fields in an "additional properties" map instead of rejecting them,
 * so the check walks every object of the result and fails on any such field.
 */
final class KubernetesSchema {

    private static final Map<String, Class<? extends HasMetadata>> TYPES =
            Map.of(
                    "v1/ConfigMap", ConfigMap.class,
                    "v1/Secret", Secret.class,
                    "v1/Service", Service.class,
                    "v1/ServiceAccount", ServiceAccount.class,
                    "apps/v1/StatefulSet", StatefulSet.class,
                    "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
                    "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
                    "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

    private static final ObjectMapper MAPPER = strictMapper();

    private KubernetesSchema() {}

    /**
     * The typed object for one parsed manifest.
     *
     * @throws IllegalArgumentException naming the document and the field that does not fit
     */
    static HasMetadata validate(Map<String, Object> document) {
        String name = document.get("kind") + " " + nameOf(document);
        Class<? extends HasMetadata> type =
                TYPES.get(document.get("apiVersion") + "/" + document.get("kind"));
        if (type == null) {
            throw new IllegalArgumentException(
                    name + ": apiVersion " + document.get("apiVersion") + " is not a known type");
        }
        HasMetadata typed;
        try {
            typed = MAPPER.convertValue(document, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(typed, type.getSimpleName(), unknown);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(name + ": fields unknown to the API: " + unknown);
        }
        return typed;
    }

    private static ObjectMapper strictMapper() {
        JsonMapper mapper =
                JsonMapper.builder()
                        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                        .build();
        for (LogicalType type : List.of(LogicalType.Textual, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float)) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        return mapper;
    }

    private static Object nameOf(Map<String, Object> document) {
        return document.get("metadata") instanceof Map<?, ?> metadata ? metadata.get("name") : null;
    }

    private static void collectUnknownFields(Object value, String path, List<String> unknown) {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + i++ + "]", unknown);
            }
        } else if (value instanceof Map<?, ?> entries) {
            entries.forEach((k, v) -> collectUnknownFields(v, path + "." + k, unknown));
        } else if (value != null && value.getClass().getName().startsWith("io.fabric8.")) {
            for (Method getter : value.getClass().getMethods()) {
                if (isPropertyGetter(getter)) {
                    Object property = invoke(getter, value);
                    if (getter.getName().equals("getAdditionalProperties")) {
                        ((Map<?, ?>) property).keySet().forEach(k -> unknown.add(path + "." + k));
                    } else {
                        collectUnknownFields(property, path + "." + propertyName(getter), unknown);
                    }
                }
            }
        }
    }

    private static boolean isPropertyGetter(Method method) {
        return method.getName().startsWith("get")
                && method.getParameterCount() == 0
                && !Modifier.isStatic(method.getModifiers())
                && method.getDeclaringClass().getName().startsWith("io.fabric8.")
                && !method.getName().equals("getClass");
    }

    private static String propertyName(Method getter) {
        String name = getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }
}
