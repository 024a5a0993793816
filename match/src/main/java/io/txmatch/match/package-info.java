/**
 * The one match path, which the service serves and {@code ./txmatch eval} measures, and the merchant catalogue
 * built on it.
 *
 * <ul>
 *   <li>{@link io.txmatch.match.Matcher}: exemplars per tenant, Hamming and lexical candidates, fused re-ranking,
 *       the best exemplar per owner, diagnostics; typed {@link io.txmatch.match.MatchQuery} in,
 *       {@link io.txmatch.match.MatchOutcome} out.</li>
 *   <li>{@link io.txmatch.match.Confidence}: levels read off an outcome, calibrated by running the same matcher.</li>
 *   <li>{@link io.txmatch.match.Catalogue}: merchants and their exemplars per tenant, durable through
 *       {@link io.txmatch.match.CatalogueLog}; refusals are {@link io.txmatch.match.CatalogueException}s with a
 *       reason.</li>
 * </ul>
 *
 * <p>Nothing here knows HTTP, builds response bodies or records metrics: callers hand in a
 * {@link io.txmatch.match.Matcher.EncodeListener} to time encoding.
 */
package io.txmatch.match;
