package dev.presence.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.api.kafka.RecordPublisher;
import dev.presence.api.settings.CurrentSettings;
import dev.presence.core.ErrorCode;
import dev.presence.core.PresenceSettings;
import dev.presence.core.settings.InvalidSettingException;
import dev.presence.core.settings.Setting;
import dev.presence.core.settings.SettingsCatalogue;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.Map;

/**
 * The console switches, admin only: {@code GET /v1/admin/settings} shows the settings in force,
 * {@code PUT /v1/admin/settings/{name}} {@code {"value":"false"}} writes an override to the
 * compacted {@code presence.config}, {@code DELETE} writes a tombstone (back to the start-up
 * value). Every instance follows that topic, so the change reaches all of them within moments;
 * 202 means it is in the log.
 */
final class SettingsRoutes {

    private final CurrentSettings settings;
    private final RecordPublisher publisher;

    SettingsRoutes(CurrentSettings settings, RecordPublisher publisher) {
        this.settings = settings;
        this.publisher = publisher;
    }

    void list(Context ctx) {
        CallerAccess.requireAdmin(ctx);
        PresenceSettings current = settings.current();
        Map<String, String> overrides = settings.overrides();
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ObjectNode inForce = answer.putObject("settings");
        ObjectNode startup = answer.putObject("startup");
        for (Setting<?> setting : SettingsCatalogue.live()) {
            String name = setting.liveName().orElseThrow();
            inForce.put(name, current.text(setting));
            startup.put(name, settings.startup().text(setting));
        }
        ObjectNode overridden = answer.putObject("overrides");
        overrides.forEach(overridden::put);
        ctx.json(answer);
    }

    void put(Context ctx) {
        CallerAccess.requireAdmin(ctx);
        Setting<?> setting = setting(ctx);
        String name = setting.liveName().orElseThrow();
        JsonNode body = JsonBodies.readObject(ctx);
        JsonBodies.requireKnownFields(body, "value"::equals, ErrorCode.BAD_REQUEST, "");
        JsonNode value = body.get("value");
        if (value == null || !(value.isTextual() || value.isNumber() || value.isBoolean())) {
            throw new ApiError(ErrorCode.BAD_REQUEST, "the body must be {\"value\":\"...\"}");
        }
        String text = value.asText().trim();
        try {
            setting.parse(text);
        } catch (InvalidSettingException e) {
            throw new ApiError(ErrorCode.INVALID_FIELD, name + " must be " + e.expected() + ", got '" + e.shownValue() + "'");
        }
        publisher.publishSetting(name, text);
        ctx.status(HttpStatus.ACCEPTED).json(JsonNodeFactory.instance.objectNode()
                .put("name", name).put("value", text));
    }

    void reset(Context ctx) {
        CallerAccess.requireAdmin(ctx);
        Setting<?> setting = setting(ctx);
        String name = setting.liveName().orElseThrow();
        publisher.publishSetting(name, null);
        ctx.status(HttpStatus.ACCEPTED).json(JsonNodeFactory.instance.objectNode()
                .put("name", name).put("value", settings.startup().text(setting)));
    }

    private static Setting<?> setting(Context ctx) {
        String name = ctx.pathParam("name");
        return SettingsCatalogue.byLiveName(name).orElseThrow(() -> new ApiError(ErrorCode.NOT_FOUND,
                "no live setting '" + name + "'; GET /v1/admin/settings lists them"));
    }
}
