package dev.presence.api.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a {@code Host} or {@code Origin} header names this machine. Without an auth secret the
 * API answers everyone who reaches it, and a browser reaches loopback for any page it shows: a
 * page on another site sends its own {@code Origin}, and a DNS-rebinding name (attacker.example
 * resolving to 127.0.0.1) sends its own {@code Host}. Only literal loopback names pass: a name is
 * never resolved, since resolving it is exactly what the attacker controls.
 */
public final class LoopbackNames {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private LoopbackNames() {
    }

    /** {@code localhost}, {@code 127.x.y.z} or {@code [::1]}, each with an optional port; null is not. */
    public static boolean isLoopbackHost(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String name;
        String port = null;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                return false;
            }
            name = host.substring(0, close + 1);
            String rest = host.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return false;
                }
                port = rest.substring(1);
            }
        } else {
            int colon = host.indexOf(':');
            name = colon < 0 ? host : host.substring(0, colon);
            port = colon < 0 ? null : host.substring(colon + 1);
        }
        if (port != null && !PORT.matcher(port).matches()) {
            return false;
        }
        return isLoopbackName(name);
    }

    /** {@code http(s)://} + a loopback host; {@code null} (a sandboxed or file page) is not one. */
    public static boolean isLoopbackOrigin(String origin) {
        if (origin == null) {
            return false;
        }
        String lower = origin.toLowerCase(Locale.ROOT);
        String host;
        if (lower.startsWith("http://")) {
            host = origin.substring("http://".length());
        } else if (lower.startsWith("https://")) {
            host = origin.substring("https://".length());
        } else {
            return false;
        }
        return !host.contains("/") && isLoopbackHost(host);
    }

    private static boolean isLoopbackName(String name) {
        if (name.equalsIgnoreCase("localhost")) {
            return true;
        }
        Matcher ipv4 = IPV4.matcher(name);
        if (ipv4.matches()) {
            for (int group = 1; group <= 4; group++) {
                if (Integer.parseInt(ipv4.group(group)) > 255) {
                    return false;
                }
            }
            return ipv4.group(1).equals("127");
        }
        if (name.startsWith("[") && name.endsWith("]") && name.length() > 2) {
            String literal = name.substring(1, name.length() - 1);
            if (!literal.chars().allMatch(c -> c == ':' || Character.digit(c, 16) >= 0)) {
                return false; // not an IPv6 literal (a zone id, garbage): never handed to the resolver
            }
            try {
                return InetAddress.getByName(name) instanceof Inet6Address address && address.isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
