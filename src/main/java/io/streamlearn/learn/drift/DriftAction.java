package io.streamlearn.learn.drift;

/** What a pipeline does when a learner's detector reports a drift. */
public enum DriftAction {
    /** Report only: the detection is counted. */
    NONE("none"),
    /** Restart the learner from scratch (a fresh model from the learner's settings). */
    RESET("reset"),
    /**
     * Train a fresh model beside the current one and let it take over once its loss over the
     * records since it started is lower.
     */
    CHALLENGER("challenger");

    private final String label;

    DriftAction(String label) {
        this.label = label;
    }

    /** The spec's name of the action. */
    public String label() {
        return label;
    }
}
