package io.txmatch.service;

/**
 * An error answered as {@code application/problem+json} (RFC 9457) with {@code type}, {@code title},
 * {@code status} and {@code detail}. Thrown by handlers; mapped in one place by {@link TxmatchServer}.
 */
public final class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String title;

    public ApiProblem(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "Bad Request", detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "Not Found", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
