/**
 * The custom state store that holds a live working copy and writes it to its changelogged key-value
 * store at each commit, values split in chunks (as Kafka's own {@code state.internals}). Imports
 * Kafka only.
 */
package io.streamlearn.topology.store;
