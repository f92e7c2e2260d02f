package io.streamlearn.app.http;

import java.util.List;

/**
 * This instance's tasks, for {@code /health}: task ids such as {@code 0_3} (sub-topology 0,
 * partition 3), active and standby.
 */
public record InstanceTasks(List<String> active, List<String> standby) {

    public static final InstanceTasks NONE = new InstanceTasks(List.of(), List.of());
}
