@NullMarked
package dev.lap.console.health;

import org.jspecify.annotations.NullMarked;
