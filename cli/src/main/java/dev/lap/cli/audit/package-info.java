/**
 * {@code lap audit}: query, tail, export and verify the audit log. Until lap-server's API exists,
 * query, tail and export read the database by URL ({@code --db}); verify needs only an export and
 * the checkpoint public key.
 */
@NullMarked
package dev.lap.cli.audit;

import org.jspecify.annotations.NullMarked;
