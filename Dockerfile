# syntax=docker/dockerfile:1
#
# Two stages: the first builds the jar exactly as CI does and splits it into Spring Boot's layers,
# the second runs those layers on a JRE as a non-root user. Layers that change least are copied
# first, so a code change rebuilds only the last, small image layer.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY .mvn/ .mvn/
COPY pom.xml ./
# Dependencies first, into BuildKit's cache: a change of the sources alone downloads nothing.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 mvn -B package -DskipTests
RUN cp target/dtls-ingest-*.jar app.jar \
    && java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
# A fixed numeric id lets Kubernetes check runAsNonRoot and lets volumes be prepared for it.
RUN groupadd --system --gid 10001 ingest \
    && useradd --system --uid 10001 --gid ingest --home-dir /app --shell /usr/sbin/nologin ingest \
    && install -d -o ingest -g ingest -m 0700 /var/lib/dtls-ingest
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
USER 10001:10001

# The heap follows the container's memory limit; the rest of the limit is left to metaspace,
# threads, direct buffers and the socket buffers of the DTLS endpoint. An OutOfMemoryError ends the
# process so that the orchestrator restarts it instead of leaving it half-working.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError" \
    INGEST_DTLS_STATE_FILE=/var/lib/dtls-ingest/dtls-state.bin

VOLUME ["/var/lib/dtls-ingest"]
EXPOSE 5684/udp 8080 8081

# Liveness from the management port, which answers health without a token. bash's /dev/tcp
# speaks the one HTTP request, so the check needs no curl in the base image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8081 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"UP\"' <&3"]

# exec form: java is PID 1 and gets SIGTERM itself, which starts the graceful stop.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
