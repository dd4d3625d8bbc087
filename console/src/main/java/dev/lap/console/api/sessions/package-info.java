@NullMarked
package dev.lap.console.api.sessions;

import org.jspecify.annotations.NullMarked;
