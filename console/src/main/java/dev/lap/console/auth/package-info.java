@NullMarked
package dev.lap.console.auth;

import org.jspecify.annotations.NullMarked;
