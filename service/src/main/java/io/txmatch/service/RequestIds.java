package io.txmatch.service;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an id, answered in {@value #HEADER} on every response (errors and refusals included) and put in
 * the logging context ({@link MDC} key {@value #MDC_KEY}) while the request is handled: the client's own id when it
 * is sane ({@link #SANE}: 1..128 letters, digits and {@code . _ : -}), else a new random one.
 */
final class RequestIds implements Filter {
    /** The request and response header. */
    static final String HEADER = "X-Request-Id";
    /** The logging context key; also the request attribute that holds the id. */
    static final String MDC_KEY = "requestId";
    /** What a client's id may look like to be echoed; anything else (too long, spaces, control bytes) is replaced. */
    static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        String id = of(((HttpServletRequest) request).getHeader(HEADER));
        request.setAttribute(MDC_KEY, id);
        ((HttpServletResponse) response).setHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The client's id when sane, else a new one. */
    static String of(String offered) {
        return offered != null && SANE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }

    /** The id of the request being handled, for log lines ({@code "-"} outside a request). */
    static String current() {
        String id = MDC.get(MDC_KEY);
        return id == null ? "-" : id;
    }
}
