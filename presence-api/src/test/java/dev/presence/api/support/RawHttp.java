package dev.presence.api.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written by hand over a socket, for what a well-behaved client will not send: a foreign
 * {@code Host} (a DNS-rebinding page's), or a request whose body never finishes arriving.
 */
public final class RawHttp {

    private static final int READ_TIMEOUT_MS = 30_000;

    private RawHttp() {
    }

    /** One answer: its status and its body. */
    public record Reply(int status, String body) {
    }

    /** Sends {@code head} (request line and headers, without the blank line) and {@code body}; reads the whole answer. */
    public static Reply exchange(int port, String head, String body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String request = head + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            String answer = readAll(socket.getInputStream());
            int status = Integer.parseInt(answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4));
            int bodyAt = answer.indexOf("\r\n\r\n");
            return new Reply(status, bodyAt < 0 ? "" : answer.substring(bodyAt + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens a connection that announces a body of {@code announced} bytes, sends its first byte and
     * then nothing: the server's thread that reads it waits, as for a client on a stalled network.
     */
    public static Socket stalledWrite(int port, String path, int announced) {
        try {
            Socket socket = new Socket("127.0.0.1", port);
            String request = "PUT " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + announced + "\r\n\r\n{";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
