/**
 * The hash chain and its signed checkpoints: the canonical encoding a record's hash covers, the
 * Ed25519 keys that sign checkpoints, the export format, and the verifier that needs nothing but an
 * export and the public key. docs/audit.md describes the encoding byte by byte.
 */
@NullMarked
package dev.lap.audit.chain;

import org.jspecify.annotations.NullMarked;
