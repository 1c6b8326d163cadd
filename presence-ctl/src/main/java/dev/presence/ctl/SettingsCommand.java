package dev.presence.ctl;

import dev.presence.client.http.Answers.LiveSettings;
import dev.presence.client.http.Answers.SettingChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.Callable;

@Command(name = "settings", mixinStandardHelpOptions = true,
        description = "The live settings (admin): list them, or change one for every instance, or reset it to its start-up value.",
        footer = ExitCodes.HELP,
        subcommands = {SettingsCommand.Set.class, SettingsCommand.Reset.class})
final class SettingsCommand implements Callable<Integer> {

    @ParentCommand
    PresenceCtl ctl;

    /** {@code settings} alone lists them (GET /v1/admin/settings). */
    @Override
    public Integer call() {
        LiveSettings settings = ctl.client().settings();
        StringJoiner text = new StringJoiner(System.lineSeparator());
        for (String name : new TreeSet<>(settings.settings().keySet())) {
            String line = name + " = " + settings.settings().get(name);
            if (settings.overrides().containsKey(name)) {
                line += " (changed; start-up value " + settings.startup().get(name) + ")";
            }
            text.add(line);
        }
        ctl.print(settings, text.toString());
        return ExitCodes.OK;
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Change a live setting on every instance (PUT /v1/admin/settings/{name}); in force within moments.",
            footer = ExitCodes.HELP)
    static final class Set implements Callable<Integer> {

        @ParentCommand
        SettingsCommand settings;

        @Parameters(index = "0", paramLabel = "NAME", description = "the setting, as `settings` lists it")
        String name;

        @Parameters(index = "1", paramLabel = "VALUE", description = "its new value")
        String value;

        @Override
        public Integer call() {
            SettingChange change = settings.ctl.client().putSetting(name, value);
            settings.ctl.print(change, "accepted: " + change.name() + " = " + change.value());
            return ExitCodes.OK;
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Back to the start-up value on every instance (DELETE /v1/admin/settings/{name}).",
            footer = ExitCodes.HELP)
    static final class Reset implements Callable<Integer> {

        @ParentCommand
        SettingsCommand settings;

        @Parameters(paramLabel = "NAME", description = "the setting")
        String name;

        @Override
        public Integer call() {
            SettingChange change = settings.ctl.client().resetSetting(name);
            settings.ctl.print(change, "accepted: " + change.name() + " back to " + change.value());
            return ExitCodes.OK;
        }
    }
}
