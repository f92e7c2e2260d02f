package io.streamlearn.pipeline;

import io.streamlearn.vector.FeatureVector;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What a {@link LearnerSlot} does about drift: nothing ({@link #NONE}), or monitor its prequential
 * loss and act on a drift ({@link LearnerDrift}). The slot calls it at each step of a record and
 * never asks which one it has.
 */
sealed interface DriftMonitoring permits DriftMonitoring.None, LearnerDrift {

    /** No drift detection: every step does nothing, no prediction is kept, nothing is stored. */
    DriftMonitoring NONE = new None();

    /** Whether drift is monitored (then the slot's drift state is stored). */
    boolean monitors();

    /** Drifts reported so far. */
    long detections();

    /** Times the learner's model was replaced after a drift (reset, or a challenger that took over). */
    long replacements();

    /** A challenger, if one is running, predicts the record (standardized). */
    void predict(FeatureVector input);

    /** Feeds the learner's prequential loss on a training record (before it trains) and acts on a drift. */
    void observe(LearnerSlot slot, double loss, double label, StepResult result);

    /** After the learner trained on the record (standardized): trains a challenger, which may take over. */
    void train(LearnerSlot slot, FeatureVector input, double label);

    /** Values this adds to a record's {@link PredictionsThen}: a challenger's prediction, or none. */
    int thenWidth();

    /** Copies its part of {@link PredictionsThen} to {@code values} at {@code at}; returns the next position. */
    int writeThen(double[] values, int at);

    /** Reads back what {@link #writeThen} wrote; returns the next position. */
    int readThen(double[] values, int at);

    void writeTo(DataOutput out) throws IOException;

    /** Reads a stored drift state: into this monitoring, or (when there is none) reads it and drops it. */
    void readFrom(DataInput in) throws IOException;

    /** {@link #NONE}. */
    final class None implements DriftMonitoring {

        private None() {}

        @Override
        public boolean monitors() {
            return false;
        }

        @Override
        public long detections() {
            return 0;
        }

        @Override
        public long replacements() {
            return 0;
        }

        @Override
        public void predict(FeatureVector input) {}

        @Override
        public void observe(LearnerSlot slot, double loss, double label, StepResult result) {}

        @Override
        public void train(LearnerSlot slot, FeatureVector input, double label) {}

        @Override
        public int thenWidth() {
            return 0;
        }

        @Override
        public int writeThen(double[] values, int at) {
            return at;
        }

        @Override
        public int readThen(double[] values, int at) {
            return at;
        }

        @Override
        public void writeTo(DataOutput out) {
            throw new IllegalStateException("a learner without drift detection stores no drift state");
        }

        @Override
        public void readFrom(DataInput in) throws IOException {
            LearnerDrift.skip(in);
        }
    }
}
