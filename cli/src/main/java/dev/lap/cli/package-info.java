/** The {@code lap} command: its entry point and what every subcommand shares. */
@NullMarked
package dev.lap.cli;

import org.jspecify.annotations.NullMarked;
