@NullMarked
package dev.lap.console.api;

import org.jspecify.annotations.NullMarked;
