package io.txmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire format of every answer record: field names, their order, and which fields are left out when absent. */
class ResponseShapesTest {
    private final ObjectMapper json = io.txmatch.model.ExactJson.mapper();

    private String write(Object o) throws Exception {
        return json.writeValueAsString(o);
    }

    @Test
    void match_answers_keep_their_field_order() throws Exception {
        MatchRoutes.MatchRow row = new MatchRoutes.MatchRow("m_1", "Outback", 0.9, 3, "OUTBACK 0310", 0.8, 0.7, 0.6, null, null);
        assertThat(write(new MatchRoutes.MatchView(List.of(row), "00ff", "high",
                new MatchRoutes.Diagnostics("mih", 1, 2, 4, 3, "OUTBACK 0")))).isEqualTo(
                "{\"matches\":[{\"merchantId\":\"m_1\",\"name\":\"Outback\",\"score\":0.9,\"distance\":3,\"exemplar\":\"OUTBACK 0310\","
                        + "\"semantic\":0.8,\"lexical\":0.7,\"word\":0.6}],\"code\":\"00ff\",\"confidence\":\"high\",\"diagnostics\":"
                        + "{\"path\":\"mih\",\"hammingHits\":1,\"lexicalHits\":2,\"wordHits\":4,\"scored\":3,\"normalised\":\"OUTBACK 0\"}}");
        assertThat(write(new MatchRoutes.BatchView(List.of(new MatchRoutes.BatchRow(null, List.of(), "unknown", null)))))
                .isEqualTo("{\"results\":[{\"id\":null,\"matches\":[],\"confidence\":\"unknown\"}]}");
    }

    @Test
    void a_merchant_shows_category_and_raw_metadata_only_when_set() throws Exception {
        assertThat(write(new MerchantRoutes.MerchantView("m_1", null, "Outback", 2, 0, "food", "{\"a\":[1,2.5]}", "2026-01-02T03:04:05Z")))
                .isEqualTo("{\"id\":\"m_1\",\"name\":\"Outback\",\"examples\":2,\"category\":\"food\",\"metadata\":{\"a\":[1,2.5]},"
                        + "\"createdAt\":\"2026-01-02T03:04:05Z\"}");
        assertThat(write(new MerchantRoutes.MerchantPage(List.of(new MerchantRoutes.MerchantView("m_1", null, "X", 1, 0, null, null, "t")), null)))
                .isEqualTo("{\"merchants\":[{\"id\":\"m_1\",\"name\":\"X\",\"examples\":1,\"createdAt\":\"t\"}],\"nextCursor\":null}");
    }

    @Test
    void health_problem_and_job_answers_keep_their_field_order() throws Exception {
        assertThat(write(new HealthRoutes.Ready("ready", 64, 1, 2)))
                .isEqualTo("{\"status\":\"ready\",\"bits\":64,\"merchants\":1,\"exemplars\":2}");
        assertThat(write(new HealthRoutes.Live("live"))).isEqualTo("{\"status\":\"live\"}");
        assertThat(write(new Problems.Problem("about:blank", "Not Found", 404, "no merchant with id m_1")))
                .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no merchant with id m_1\"}");
        assertThat(write(new DedupJobs.JobView("job_1", "queued", 0.0, 2, "t0", null, null, null, null, null)))
                .isEqualTo("{\"jobId\":\"job_1\",\"state\":\"queued\",\"progress\":0.0,\"records\":2,\"createdAt\":\"t0\"}");
        assertThat(write(new DedupJobs.JobView("job_1", "done", 1.0, 2, "t0", "t1", "t2", null,
                new DedupJobs.StatsView(2, 1, 2, 1L, 1), List.of(new DedupJobs.ClusterView("a", List.of("a", "b"), "a", List.of(1.0, 0.875))))))
                .isEqualTo("{\"jobId\":\"job_1\",\"state\":\"done\",\"progress\":1.0,\"records\":2,\"createdAt\":\"t0\",\"startedAt\":\"t1\","
                        + "\"finishedAt\":\"t2\",\"stats\":{\"distinctTexts\":2,\"clusters\":1,\"largestCluster\":2,\"candidates\":1,"
                        + "\"edges\":1},\"clusters\":[{\"id\":\"a\",\"members\":[\"a\",\"b\"],\"representative\":\"a\",\"scores\":[1.0,0.875]}]}");
    }
}
