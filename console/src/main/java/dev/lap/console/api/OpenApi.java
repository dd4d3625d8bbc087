package dev.lap.console.api;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/openapi.json}: the API's OpenAPI 3 description, written by hand next to this
 * class; {@code OpenApiIT} checks that it describes every route the server has.
 */
@RestController
class OpenApi {
    private static final Resource DOCUMENT = new ClassPathResource("dev/lap/console/api/openapi.json");

    @GetMapping("/api/v1/openapi.json")
    ResponseEntity<Resource> document() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(DOCUMENT);
    }
}
