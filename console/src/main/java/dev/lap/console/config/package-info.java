@NullMarked
package dev.lap.console.config;

import org.jspecify.annotations.NullMarked;
