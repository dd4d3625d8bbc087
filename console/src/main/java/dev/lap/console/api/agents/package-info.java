@NullMarked
package dev.lap.console.api.agents;

import org.jspecify.annotations.NullMarked;
