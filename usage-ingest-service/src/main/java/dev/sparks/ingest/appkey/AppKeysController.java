package dev.sparks.ingest.appkey;

import dev.sparks.platform.web.Problems;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Admin API for publishing apps' keys; behind the platform's admin key like every admin route. */
@RestController
class AppKeysController {

    private final AppKeys keys;

    AppKeysController(AppKeys keys) {
        this.keys = keys;
    }

    /** Answers the full key once; afterwards only its id and app are ever shown. */
    @PostMapping("/v1/admin/app-keys")
    ResponseEntity<?> create(@RequestBody NewKey request) {
        try {
            IssuedKey issued = keys.create(request.appName());
            return ResponseEntity.status(HttpStatus.CREATED).body(issued);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Problems.invalidField("app_name", e.getMessage()));
        }
    }

    @GetMapping("/v1/admin/app-keys")
    List<AppKey> list() {
        return keys.list();
    }

    @DeleteMapping("/v1/admin/app-keys/{keyId}")
    ResponseEntity<?> revoke(@PathVariable String keyId) {
        return keys.revoke(keyId)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No app key " + keyId)));
    }

    record NewKey(String appName) {}
}
