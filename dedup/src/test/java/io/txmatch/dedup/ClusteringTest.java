package io.txmatch.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusteringTest {
    /** Unit vectors in the plane at the given angles (degrees), as 2-d embeddings. */
    private static NodeVectors plane(double... degrees) {
        float[] emb = new float[degrees.length * 2];
        for (int i = 0; i < degrees.length; i++) {
            emb[2 * i] = (float) Math.cos(Math.toRadians(degrees[i]));
            emb[2 * i + 1] = (float) Math.sin(Math.toRadians(degrees[i]));
        }
        return new NodeVectors(32, 2, emb, new long[degrees.length]);
    }

    private static Edges allPairsAbove(NodeVectors v, double t) {
        Edges e = new Edges();
        for (int i = 0; i < v.size(); i++) {
            for (int j = i + 1; j < v.size(); j++) {
                if (v.cosine(i, j) >= t) {
                    e.add(j, i, v.cosine(i, j));
                }
            }
        }
        return e.sorted();
    }

    @Test
    void a_chain_whose_ends_drift_apart_stops_growing() {
        // 0-39 and 39-80 degrees are each linked (cos 0.777 and 0.755 >= 0.72), 0-80 is not (cos 0.17): connected
        // components would make one cluster; the centroid of {0, 39} (at 19.5 degrees) is 60.5 degrees from 80.
        NodeVectors v = plane(0, 39, 80);
        DedupOptions o = DedupOptions.defaults().withThreshold(0.72);
        Edges edges = allPairsAbove(v, 0.72);
        assertThat(edges.size()).isEqualTo(2);
        Clustering.Assignment a = Clustering.cluster(v, new int[3], o, edges, DedupProgress.NONE);
        assertThat(a.clusters()).isEqualTo(2);
        assertThat(a.representative()[0]).isEqualTo(a.representative()[1]);
        assertThat(a.representative()[2]).isEqualTo(2);
        assertThat(a.score()[2]).isEqualTo(1f);
    }

    @Test
    void a_tight_group_becomes_one_cluster_around_its_central_member() {
        NodeVectors v = plane(10, 0, 5, 90, 95);
        Edges edges = allPairsAbove(v, 0.72);
        Clustering.Assignment a = Clustering.cluster(v, new int[5], DedupOptions.defaults(), edges, DedupProgress.NONE);
        assertThat(a.representative()).containsExactly(2, 2, 2, 3, 3);
        assertThat(a.score()[0]).isCloseTo((float) Math.cos(Math.toRadians(5)), org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void clusters_never_span_more_days_than_allowed() {
        NodeVectors v = plane(0, 0, 0, 0);
        int[] days = {100, 102, 104, 106};
        Edges edges = allPairsAbove(v, 0.72);
        Clustering.Assignment a = Clustering.cluster(v, days, DedupOptions.defaults().withConstraints(false, 3, false), edges,
                DedupProgress.NONE);
        // Edge order is by cosine (all equal), then node ids: {0,1} forms first, then {2,3}; 0-2 would span 4 days.
        assertThat(a.clusters()).isEqualTo(2);
        assertThat(a.representative()[0]).isEqualTo(a.representative()[1]);
        assertThat(a.representative()[2]).isEqualTo(a.representative()[3]).isNotEqualTo(a.representative()[0]);
    }

    @Test
    void sorted_edges_are_unique_strongest_first() {
        Edges e = new Edges();
        e.add(3, 1, 0.8f);
        e.add(1, 3, 0.8f);
        e.add(0, 2, 0.9f);
        e.add(2, 1, 0.8f);
        Edges s = e.sorted();
        assertThat(s.size()).isEqualTo(3);
        assertThat(new int[] {s.a(0), s.b(0), s.a(1), s.b(1), s.a(2), s.b(2)}).containsExactly(0, 2, 1, 2, 1, 3);
    }
}
