/** Nothing in this package is null unless its type says {@code @Nullable}; NullAway checks it at build time. */
@NullMarked
package dev.presence.streams.assignment;

import org.jspecify.annotations.NullMarked;
