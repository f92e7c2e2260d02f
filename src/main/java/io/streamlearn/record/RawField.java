package io.streamlearn.record;

import java.util.List;

/**
 * A field {@link RawEventReader} extracts from a raw event.
 *
 * @param name the field as the spec names it, for messages ({@code amount}, {@code /device/os})
 * @param pointer the member names (or array indices) from the event's root to the field
 * @param numeric whether the field must be a number (or null, or absent); else any scalar
 */
public record RawField(String name, List<String> pointer, boolean numeric) {

    public RawField {
        pointer = List.copyOf(pointer);
        if (pointer.isEmpty()) {
            throw new IllegalArgumentException("field " + name + " has an empty pointer");
        }
    }
}
