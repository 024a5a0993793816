package io.txmatch.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own errors, those no route sees (a bad request line 400, headers too large 431, 503 while the context
 * stops), in the service's one error shape, {@code application/problem+json}, instead of Jetty's HTML page.
 */
final class ProblemErrorHandler extends ErrorHandler {
    private final ObjectMapper json;

    ProblemErrorHandler(ObjectMapper json) {
        this.json = json;
        setShowServlet(false);
        setShowStacks(false);
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
                                              int code, String message) throws IOException {
        byte[] body = body(code, message);
        baseRequest.setHandled(true);
        response.setContentType(Problems.PROBLEM_JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problems.PROBLEM_JSON);
        return ByteBuffer.wrap(body(status, reason));
    }

    /** A problem+json body for {@code status}; a blank message says the status's title. */
    byte[] body(int status, String message) {
        String title = Problems.titleOf(status);
        try {
            return json.writeValueAsBytes(new Problems.Problem(Problems.typeOf(status), title, status,
                    message == null || message.isBlank() ? title : message));
        } catch (JsonProcessingException e) {
            return ("{\"type\":\"" + Problems.typeOf(status) + "\",\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
