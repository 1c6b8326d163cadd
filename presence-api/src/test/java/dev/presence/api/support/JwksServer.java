package dev.presence.api.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** An identity provider's JWKS endpoint on loopback: serves the key set it is given, and counts the fetches. */
public final class JwksServer implements AutoCloseable {

    public static final String PATH = "/.well-known/jwks.json";

    private final HttpServer server;
    private final AtomicReference<String> keySet;
    private final AtomicInteger fetches = new AtomicInteger();

    public JwksServer(String keySet) {
        this.keySet = new AtomicReference<>(keySet);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PATH, exchange -> {
            fetches.incrementAndGet();
            byte[] body = this.keySet.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    public URL jwksUrl() {
        try {
            return new URL(url());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void serve(String newKeySet) {
        keySet.set(newKeySet);
    }

    public int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
