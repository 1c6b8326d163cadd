package dev.presence.bench.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * HTTP/1.1 written byte by byte over a socket, so that a call can carry what a well-behaved client
 * library refuses to send: any method, raw bytes in the path, control characters in headers, a
 * forged Host. Reads only the status line (a notification stream that answers 200 is then closed).
 */
final class RawHttp {

    /** No answer (status line) within the time-out. */
    static final int NO_ANSWER = -1;
    /** The server closed the connection without a status line. */
    static final int CLOSED = -2;

    /** One request; {@code host} null sends the engine's own address; {@code body} null sends no body. */
    record Call(String method, byte[] target, String host, List<String[]> headers, byte[] body) {

        /** The call as text for a report: non-printable bytes escaped, long parts cut. */
        String describe() {
            StringBuilder text = new StringBuilder(method).append(' ').append(printable(target, 160));
            if (host != null) {
                text.append(" Host=").append(printable(host.getBytes(StandardCharsets.UTF_8), 40));
            }
            for (String[] header : headers) {
                text.append(' ').append(header[0]).append('=').append(printable(header[1].getBytes(StandardCharsets.UTF_8), 60));
            }
            if (body != null) {
                text.append(" body(").append(body.length).append(")=").append(printable(body, 120));
            }
            return text.toString();
        }
    }

    private RawHttp() {
    }

    static int send(int port, Call call, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(call.method().getBytes(StandardCharsets.UTF_8));
            request.write(' ');
            request.writeBytes(call.target());
            request.writeBytes(" HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            header(request, "Host", call.host() != null ? call.host() : "127.0.0.1:" + port);
            for (String[] header : call.headers()) {
                header(request, header[0], header[1]);
            }
            if (call.body() != null) {
                header(request, "Content-Length", Integer.toString(call.body().length));
            }
            header(request, "Connection", "close");
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(request.toByteArray());
            if (call.body() != null) {
                try {
                    out.write(call.body());
                } catch (IOException refusedMidway) {
                    // The server may answer (413) and close before it has read a big body.
                }
            }
            out.flush();
            return statusLine(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            return NO_ANSWER;
        } catch (IOException e) {
            return CLOSED;
        }
    }

    private static void header(ByteArrayOutputStream request, String name, String value) {
        request.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        request.writeBytes(": ".getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static int statusLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n' && line.size() < 1024) {
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.") || text.length() < 12) {
            return CLOSED;
        }
        return Integer.parseInt(text.substring(9, 12));
    }

    static String printable(byte[] bytes, int limit) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bytes.length && text.length() < limit; i++) {
            int b = bytes[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F) {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02x", b));
            }
        }
        return bytes.length > limit ? text + "...(" + bytes.length + " bytes)" : text.toString();
    }
}
