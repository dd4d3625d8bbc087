@NullMarked
package dev.lap.console.terminal;

import org.jspecify.annotations.NullMarked;
