package io.dtlsingest.store;

import io.dtlsingest.device.DeviceService;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/devices/{id}/readings}: a device's readings, newest first. */
@RestController
class ReadingController {

    private final DeviceService devices;
    private final ReadingQueries readings;

    ReadingController(DeviceService devices, ReadingQueries readings) {
        this.devices = devices;
        this.readings = readings;
    }

    @GetMapping("/api/v1/devices/{id}/readings")
    List<StoredReading> readings(
            @PathVariable String id,
            @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable Instant from,
            @RequestParam(required = false) @Nullable Instant to,
            @RequestParam(defaultValue = "100") @Min(1) @Max(10000) int limit) {
        devices.get(id);
        return readings.latest(id, name, from, to, limit);
    }
}
