package io.streamlearn.pipeline;

/** Where a record goes: trained on, held out for scoring, or predicted only. */
public enum Split {
    /** A labeled record the learners train on. */
    TRAIN("train"),
    /** A labeled record that is predicted and scored, never trained on. */
    HOLDOUT("holdout"),
    /** A record without a label: predicted only. */
    UNLABELED("unlabeled");

    private final String label;

    Split(String label) {
        this.label = label;
    }

    /** The name in the prediction output and in metric labels: {@code train}, {@code holdout}, {@code unlabeled}. */
    public String label() {
        return label;
    }
}
