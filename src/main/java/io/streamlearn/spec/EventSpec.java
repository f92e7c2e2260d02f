package io.streamlearn.spec;

import io.streamlearn.encode.EventLayout;
import io.streamlearn.encode.FieldPath;

/**
 * A spec's raw-event form (docs/DESIGN.md, "Raw events"): where the event holds its id, label and
 * timestamp ({@code fields:}), and how its fields become features ({@code features.numeric},
 * {@code categorical}, {@code text}, {@code interactions}), laid out in fixed column ranges.
 *
 * @param id the field of the event's id
 * @param label the field of its label
 * @param timestamp the field of its timestamp (epoch milliseconds)
 * @param layout the features and their columns; {@code layout.width()} is the model's dimension
 * @param standardize whether numeric features are standardized online (one-hot and hashed columns stay 0/1)
 */
public record EventSpec(FieldPath id, FieldPath label, FieldPath timestamp, EventLayout layout, boolean standardize) {}
