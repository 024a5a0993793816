package io.txmatch.trainer.eval;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Iterative Quantization (Gong and Lazebnik, CVPR 2011): PCA to {@code bits} dimensions, then the rotation
 * that minimises the quantisation error {@code ||B - V R||} by alternating {@code B = sign(V R)} and the
 * orthogonal Procrustes solution {@code R = W U^T} for {@code B^T V = U S W^T}. Needs
 * {@code bits <= embedding dimension}.
 */
public final class Itq extends BinaryProjection {
    private Itq(float[] mean, double[][] projection) {
        super(mean, projection);
    }

    /** Fits on {@code train} with {@code iterations} rounds (50 in the paper), seeded. */
    public static Itq fit(float[][] train, int bits, int iterations, long seed) {
        int dim = train[0].length;
        if (bits > dim) {
            throw new IllegalArgumentException("ITQ needs bits <= the embedding dimension (" + dim + "), got " + bits);
        }
        float[] mean = mean(train);
        int n = train.length;
        double[][] x = new double[n][dim];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < dim; i++) {
                x[r][i] = train[r][i] - mean[i];
            }
        }
        RealMatrix xm = new Array2DRowRealMatrix(x, false);
        RealMatrix cov = xm.transpose().multiply(xm).scalarMultiply(1.0 / n);
        EigenDecomposition eig = new EigenDecomposition(cov);
        // Top-`bits` eigenvectors by eigenvalue.
        double[] values = eig.getRealEigenvalues();
        Integer[] order = new Integer[dim];
        for (int i = 0; i < dim; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        RealMatrix pca = new Array2DRowRealMatrix(dim, bits);
        for (int j = 0; j < bits; j++) {
            pca.setColumnVector(j, eig.getEigenvector(order[j]));
        }
        RealMatrix v = xm.multiply(pca); // n x bits
        Random rng = new Random(seed);
        double[][] g = new double[bits][bits];
        for (double[] row : g) {
            for (int j = 0; j < bits; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        RealMatrix rot = new QRDecomposition(new Array2DRowRealMatrix(g, false)).getQ();
        for (int it = 0; it < iterations; it++) {
            RealMatrix vr = v.multiply(rot);
            double[][] b = new double[n][bits];
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < bits; j++) {
                    b[r][j] = vr.getEntry(r, j) >= 0 ? 1 : -1;
                }
            }
            RealMatrix m = new Array2DRowRealMatrix(b, false).transpose().multiply(v); // bits x bits
            SingularValueDecomposition svd = new SingularValueDecomposition(m);
            rot = svd.getV().multiply(svd.getU().transpose());
        }
        return new Itq(mean, pca.multiply(rot).getData());
    }
}
