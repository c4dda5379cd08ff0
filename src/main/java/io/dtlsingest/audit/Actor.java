package io.dtlsingest.audit;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Who makes an administrative change, as the audit trail records it: the name of the API token of
 * an HTTP request and the address the request came from, or {@code system:<job>} for a job of the
 * service itself, which has no address.
 *
 * <p>The actor belongs to the current thread. The HTTP security filter binds it for each
 * authenticated request; other callers name themselves with {@link #runAs} or {@link #callAs}.
 * Changes made by code that names no actor are recorded as {@link #SYSTEM}.
 *
 * @param name the token name or {@code system:<job>}
 * @param source the remote address of the request, or null when the change was not requested over
 *     HTTP
 */
public record Actor(String name, @Nullable String source) {

    /** The actor of changes made by code that named none. */
    public static final Actor SYSTEM = new Actor("system", null);

    private static final ThreadLocal<Actor> CURRENT = new ThreadLocal<>();

    public Actor {
        Objects.requireNonNull(name, "name");
    }

    /** A job of the service itself, such as {@code system:rotation}. */
    public static Actor system(String job) {
        return new Actor("system:" + job, null);
    }

    /** The actor of the current thread, or {@link #SYSTEM} when none is bound. */
    public static Actor current() {
        Actor actor = CURRENT.get();
        return actor == null ? SYSTEM : actor;
    }

    /** Runs {@code work} with {@code actor} as the current actor of this thread. */
    public static void runAs(Actor actor, Runnable work) {
        callAs(
                actor,
                () -> {
                    work.run();
                    return null;
                });
    }

    /** Calls {@code work} with {@code actor} as the current actor of this thread. */
    public static <T> T callAs(Actor actor, Supplier<T> work) {
        Actor previous = bind(actor);
        try {
            return work.get();
        } finally {
            restore(previous);
        }
    }

    /**
     * Makes {@code actor} the current actor of this thread until {@link #restore} is called with
     * the value returned; for callers that cannot pass a lambda, such as servlet filters.
     *
     * @return the actor bound before, possibly null
     */
    public static @Nullable Actor bind(Actor actor) {
        Actor previous = CURRENT.get();
        CURRENT.set(actor);
        return previous;
    }

    /** Undoes a {@link #bind}, with the value it returned. */
    public static void restore(@Nullable Actor previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
