package dev.presence.api.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A server-sent-events client that stops reading once its stream is open: a browser tab frozen in
 * the background, or a client behind a stalled network. Its receive buffer is tiny, so the engine's
 * writes to it soon stop making progress.
 */
public final class StalledSseClient implements AutoCloseable {

    private final Socket socket;

    private StalledSseClient(Socket socket) {
        this.socket = socket;
    }

    /** Opens {@code path} (with the client's headers), reads up to the engine's first comment, and then nothing more. */
    public static StalledSseClient open(ApiClient api, String path) {
        URI base = URI.create(api.baseUri());
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(1024);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                    .append("Accept: text/event-stream\r\n");
            api.headers().forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            readUntilConnected(socket.getInputStream());
            return new StalledSseClient(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException(e);
        }
    }

    /** Reads byte by byte, so nothing past the "connected" comment is taken off the socket. */
    private static void readUntilConnected(InputStream in) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (!seen.toString(StandardCharsets.US_ASCII).contains(": connected\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("the stream closed before it opened: " + seen.toString(StandardCharsets.US_ASCII));
            }
            seen.write(next);
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test client: nothing to do
        }
    }
}
