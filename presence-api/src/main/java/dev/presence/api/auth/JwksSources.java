package dev.presence.api.auth;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The RS256/ES256 keys of {@link JwtSettings}, behind nimbus' caching source: keys are kept for the
 * refresh interval and fetched again after it, and a token naming a key id the cache does not hold
 * fetches at once (for a URL at most every 30 s, so forged key ids cannot hammer the identity
 * provider), which is how a rotated key is picked up without waiting.
 */
public final class JwksSources {

    /** A JWK set is a few kilobytes; far more is not a key set. */
    static final int MAX_FILE_BYTES = 1024 * 1024;
    /** How long connecting to the JWKS URL, and then reading its answer, may each take. */
    private static final int FETCH_TIMEOUT_MS = 5_000;

    private JwksSources() {
    }

    public static Optional<JWKSource<SecurityContext>> of(JwtSettings settings) {
        long ttl = settings.jwksRefresh().toMillis();
        if (settings.jwksUrl().isPresent()) {
            // nimbus' default waits only 500 ms for the identity provider; a slow answer would then be
            // fetched twice (retrying) or refused. Wait longer, for a bounded key set.
            ResourceRetriever http = new DefaultResourceRetriever(FETCH_TIMEOUT_MS, FETCH_TIMEOUT_MS, MAX_FILE_BYTES);
            return Optional.of(JWKSourceBuilder.<SecurityContext>create(settings.jwksUrl().get(), http)
                    .cache(ttl, JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                    .retrying(true)
                    .build());
        }
        if (settings.jwksFile().isPresent()) {
            Path file = settings.jwksFile().get();
            // Reading a local file is cheap: an unknown key id may re-read it at once.
            return Optional.of(JWKSourceBuilder.<SecurityContext>create(fileUrl(file), new FileRetriever(file))
                    .cache(ttl, JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                    .rateLimited(false)
                    .build());
        }
        return Optional.empty();
    }

    private static URL fileUrl(Path file) {
        try {
            return file.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("no URL for " + file, e);
        }
    }

    /** Reads the key set from its file (whatever URL nimbus asks for), refusing a file too large to be one. */
    private record FileRetriever(Path file) implements ResourceRetriever {

        @Override
        public Resource retrieveResource(URL ignored) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
                if (bytes.length > MAX_FILE_BYTES) {
                    throw new IOException(file + " is larger than " + MAX_FILE_BYTES + " bytes: no JWK set");
                }
                return new Resource(new String(bytes, StandardCharsets.UTF_8), "application/json");
            }
        }
    }
}
