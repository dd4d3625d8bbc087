/**
 * lap-server: the HTTP API, the WebSocket terminals and the embedded defaults, in Spring Boot
 * WebFlux. Spring lives only in this module; it wires the library modules' classes.
 */
@NullMarked
package dev.lap.console;

import org.jspecify.annotations.NullMarked;
