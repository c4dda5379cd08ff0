package io.dtlsingest.device;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/secrets/reseal}: re-seals every stored device key under the current
 * key-encryption key, the step between making a new key current and retiring the old one.
 */
@RestController
class KeyResealController {

    private final DeviceService devices;

    KeyResealController(DeviceService devices) {
        this.devices = devices;
    }

    @PostMapping("/api/v1/secrets/reseal")
    DeviceService.ResealResult reseal() {
        return devices.resealKeys();
    }
}
