package dev.presence.api.http;

import dev.presence.testkit.UnitTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a browser may send cross-site without a preflight is refused; JSON, with or without a charset, is not. */
@UnitTest
class JsonContentTypeTest {

    @Test
    void jsonWithAnyParametersAndCaseIsJson() {
        for (String type : List.of("application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8",
                " application/json ")) {
            assertThat(JsonContentType.isJson(type)).as(type).isTrue();
        }
    }

    @Test
    void whatAFormOrASimpleFetchSendsIsNot() {
        for (String type : List.of("text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/jsonp", "application/json-patch+json", "json", "")) {
            assertThat(JsonContentType.isJson(type)).as(type).isFalse();
        }
        assertThat(JsonContentType.isJson(null)).isFalse();
    }
}
