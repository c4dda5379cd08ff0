package io.dtlsingest.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.udp.UdpServerListeningEvent;

/** Records the listening events the application publishes, for tests to look at. */
@TestConfiguration(proxyBeanMethods = false)
public class ListeningEvents {

    private final List<UdpServerListeningEvent> events = new CopyOnWriteArrayList<>();

    @EventListener
    void onListening(UdpServerListeningEvent event) {
        events.add(event);
    }

    public List<UdpServerListeningEvent> events() {
        return events;
    }
}
