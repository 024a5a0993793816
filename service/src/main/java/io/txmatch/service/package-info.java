/**
 * The REST service: a thin HTTP layer over the {@code match} module's {@link io.txmatch.match.Catalogue}.
 *
 * <ul>
 *   <li>{@link io.txmatch.service.TxmatchServer}: the composition root (config, Javalin, the route table, close);</li>
 *   <li>one routes class per resource: {@code MerchantRoutes}, {@code MatchRoutes}, {@code DedupRoutes},
 *       {@code HealthRoutes}; each reads its request with {@code JsonInput}, calls the domain and answers a typed
 *       response record;</li>
 *   <li>around them: {@code Auth} (API keys to tenants), {@code HttpMetrics} (Micrometer, {@code /metrics}),
 *       {@code Problems} (every error as problem+json, catalogue refusals mapped to statuses);</li>
 *   <li>{@code DedupJobs}: batch dedup jobs in memory, run by the dedup engine.</li>
 * </ul>
 */
package io.txmatch.service;
