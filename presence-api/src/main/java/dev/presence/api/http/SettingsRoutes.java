package dev.presence.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.presence.api.kafka.RecordPublisher;
import dev.presence.api.settings.CurrentSettings;
import dev.presence.streams.ErrorCode;
import dev.presence.streams.PresenceSettings;
import dev.presence.streams.config.LiveSetting;
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
        for (LiveSetting setting : LiveSetting.values()) {
            inForce.put(setting.key(), CurrentSettings.valueOf(setting, current));
            startup.put(setting.key(), CurrentSettings.valueOf(setting, settings.startup()));
        }
        ObjectNode overridden = answer.putObject("overrides");
        overrides.forEach(overridden::put);
        ctx.json(answer);
    }

    void put(Context ctx) {
        CallerAccess.requireAdmin(ctx);
        LiveSetting setting = setting(ctx);
        JsonNode body = JsonBodies.readObject(ctx);
        JsonBodies.requireKnownFields(body, "value"::equals, ErrorCode.BAD_REQUEST, "");
        JsonNode value = body.get("value");
        if (value == null || !(value.isTextual() || value.isNumber() || value.isBoolean())) {
            throw new ApiError(ErrorCode.BAD_REQUEST, "the body must be {\"value\":\"...\"}");
        }
        String text = value.asText().trim();
        try {
            setting.applyTo(settings.startup(), text);
        } catch (IllegalArgumentException e) {
            throw new ApiError(ErrorCode.INVALID_FIELD, e.getMessage());
        }
        publisher.publishSetting(setting.key(), text);
        ctx.status(HttpStatus.ACCEPTED).json(JsonNodeFactory.instance.objectNode()
                .put("name", setting.key()).put("value", text));
    }

    void reset(Context ctx) {
        CallerAccess.requireAdmin(ctx);
        LiveSetting setting = setting(ctx);
        publisher.publishSetting(setting.key(), null);
        ctx.status(HttpStatus.ACCEPTED).json(JsonNodeFactory.instance.objectNode()
                .put("name", setting.key()).put("value", CurrentSettings.valueOf(setting, settings.startup())));
    }

    private static LiveSetting setting(Context ctx) {
        String name = ctx.pathParam("name");
        return LiveSetting.byKey(name).orElseThrow(() -> new ApiError(ErrorCode.NOT_FOUND,
                "no live setting '" + name + "'; GET /v1/admin/settings lists them"));
    }
}
