package io.dtlsingest.device;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Provisioning API: register, list, show, enable or disable, and delete devices. */
@RestController
@RequestMapping("/api/v1/devices")
class DeviceController {

    private final DeviceService devices;

    DeviceController(DeviceService devices) {
        this.devices = devices;
    }

    @PostMapping
    ResponseEntity<DeviceView> create(@RequestBody DeviceRequests.Create request) {
        Device device = devices.create(request);
        return ResponseEntity.created(URI.create("/api/v1/devices/" + device.id()))
                .body(DeviceView.of(device));
    }

    @GetMapping
    List<DeviceView> list(
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @RequestParam(defaultValue = "0") @Min(0) long offset) {
        return devices.list(limit, offset).stream().map(DeviceView::of).toList();
    }

    @GetMapping("/{id}")
    DeviceView get(@PathVariable String id) {
        return DeviceView.of(devices.get(id));
    }

    @PatchMapping("/{id}")
    DeviceView update(@PathVariable String id, @RequestBody DeviceRequests.Update request) {
        return DeviceView.of(devices.update(id, request));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id) {
        devices.delete(id);
    }

    /** Replaces the device's credentials at once; its live sessions end. */
    @PutMapping("/{id}/credentials")
    DeviceView replaceCredential(
            @PathVariable String id, @RequestBody DeviceRequests.Credential request) {
        return DeviceView.of(devices.replaceCredential(id, request));
    }

    /** Starts a rotation: the next credential authenticates too until promoted. */
    @PostMapping("/{id}/credentials/next")
    @ResponseStatus(HttpStatus.CREATED)
    DeviceView addNextCredential(
            @PathVariable String id, @RequestBody DeviceRequests.Next request) {
        return DeviceView.of(devices.addNextCredential(id, request));
    }

    /** Ends a rotation: the next credential becomes the only one. */
    @PostMapping("/{id}/credentials/next/promote")
    DeviceView promoteNextCredential(@PathVariable String id) {
        return DeviceView.of(devices.promoteNext(id));
    }

    /** Cancels a rotation. */
    @DeleteMapping("/{id}/credentials/next")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void cancelNextCredential(@PathVariable String id) {
        devices.cancelNextCredential(id);
    }
}
