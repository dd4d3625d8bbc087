/**
 * RFC 3986 character classes and percent-encoding, shared by the readers of request paths
 * ({@code proxy.RequestPath}) and query strings ({@code credentials.QueryString}).
 */
@NullMarked
package dev.lap.vault.uri;

import org.jspecify.annotations.NullMarked;
