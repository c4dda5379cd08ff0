package io.dtlsingest.dtls;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dtlsingest.device.DeviceChangedEvent;
import io.dtlsingest.device.DeviceCredentials;
import io.dtlsingest.device.PskCredential;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.californium.elements.util.Bytes;
import org.eclipse.californium.elements.util.NamedThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Answers credential questions from handshakes: from a bounded cache when it can, otherwise from
 * the database on a small pool of its own with a bounded queue. Only found credentials are cached;
 * an unknown identity asks the database every time.
 *
 * <p>Thread-safe. The answer of an asynchronous lookup is delivered on a lookup thread, never on
 * the caller's.
 */
@Component
class CredentialLookup implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CredentialLookup.class);

    private final DeviceCredentials credentials;
    private final ThreadPoolExecutor executor;
    private final Cache<String, PskCredential> pskByIdentity;
    private final Cache<Bytes, String> deviceByPublicKey;

    CredentialLookup(DeviceCredentials credentials, DtlsProperties properties) {
        DtlsProperties.Credentials settings = properties.credentials();
        this.credentials = credentials;
        this.executor =
                new ThreadPoolExecutor(
                        settings.lookupThreads(),
                        settings.lookupThreads(),
                        60,
                        TimeUnit.SECONDS,
                        new ArrayBlockingQueue<>(settings.pendingLookups()),
                        new NamedThreadFactory("dtls-credentials#"));
        this.pskByIdentity = newCache(settings);
        this.deviceByPublicKey = newCache(settings);
    }

    private static <K, V> Cache<K, V> newCache(DtlsProperties.Credentials settings) {
        return Caffeine.newBuilder()
                .maximumSize(settings.cacheSize())
                .expireAfterWrite(settings.cacheTtl())
                .build();
    }

    /** The cached PSK of an identity, without touching the database. */
    Optional<PskCredential> cachedPsk(String identity) {
        return Optional.ofNullable(pskByIdentity.getIfPresent(identity));
    }

    /** The cached device of a public key, without touching the database. */
    Optional<String> cachedDevice(byte[] subjectPublicKeyInfo) {
        return Optional.ofNullable(deviceByPublicKey.getIfPresent(new Bytes(subjectPublicKeyInfo)));
    }

    /**
     * Looks a PSK identity up in the database and hands the answer to {@code onResult} on a lookup
     * thread.
     *
     * @return false, without calling {@code onResult}, when the lookup queue is full
     */
    boolean lookUpPsk(String identity, Consumer<Optional<PskCredential>> onResult) {
        return submit(
                () -> {
                    Optional<PskCredential> found = credentials.findPsk(identity);
                    found.ifPresent(psk -> pskByIdentity.put(identity, psk));
                    return found;
                },
                onResult);
    }

    /**
     * Looks a raw public key up in the database and hands the device id to {@code onResult} on a
     * lookup thread.
     *
     * @return false, without calling {@code onResult}, when the lookup queue is full
     */
    boolean lookUpPublicKey(byte[] subjectPublicKeyInfo, Consumer<Optional<String>> onResult) {
        return submit(
                () -> {
                    Optional<String> found =
                            credentials.findDeviceIdByPublicKey(subjectPublicKeyInfo);
                    found.ifPresent(
                            id -> deviceByPublicKey.put(new Bytes(subjectPublicKeyInfo), id));
                    return found;
                },
                onResult);
    }

    private <T> boolean submit(Supplier<Optional<T>> lookup, Consumer<Optional<T>> onResult) {
        try {
            executor.execute(() -> onResult.accept(orEmptyOnFailure(lookup)));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private static <T> Optional<T> orEmptyOnFailure(Supplier<Optional<T>> lookup) {
        try {
            return lookup.get();
        } catch (RuntimeException e) {
            // The handshake fails and the device retries; the database being away is reported
            // by the health endpoint, not once per handshake.
            log.debug("Credential lookup failed", e);
            return Optional.empty();
        }
    }

    /** Forgets everything cached; administrative changes are rare, so precision is not needed. */
    // After the commit of the change, so that no lookup in between reads and keeps the old state.
    @TransactionalEventListener(fallbackExecution = true)
    void onDeviceChanged(DeviceChangedEvent event) {
        pskByIdentity.invalidateAll();
        deviceByPublicKey.invalidateAll();
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
