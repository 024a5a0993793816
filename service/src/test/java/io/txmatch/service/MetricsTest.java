package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {
    @TempDir
    Path data;

    @Test
    void metrics_count_and_time_requests_by_route_template_and_report_the_catalogue() throws Exception {
        try (HttpFixture f = new HttpFixture(data)) {
            f.enrol("Walmart", "WAL-MART #2447 PHOENIX AZ");
            f.match("WM SUPERCENTER PHOENIX");
            f.match("WALMART 2447");
            f.get("/v1/merchants/m_0000");
            f.get("/no/such/route");
            String text = f.text("/metrics");
            assertThat(text).contains(
                    "txmatch_http_requests_seconds_count{method=\"POST\",route=\"/v1/match\",status=\"200\"} 2",
                    "txmatch_http_requests_seconds_count{method=\"POST\",route=\"/v1/merchants\",status=\"201\"} 1",
                    "txmatch_http_requests_seconds_count{method=\"GET\",route=\"/v1/merchants/{id}\",status=\"404\"} 1",
                    "route=\"unmatched\",status=\"404\"",
                    "txmatch_http_requests_seconds_bucket{",
                    "txmatch_index_exemplars 1.0",
                    "txmatch_catalogue_merchants 1.0",
                    "txmatch_embedding_seconds_count");
            assertThat(text).doesNotContain("m_0000");
        }
    }
}
