package io.streamlearn.spec;

/** What a pipeline predicts. */
public enum Task {
    REGRESSION("regression"),
    CLASSIFICATION("classification");

    private final String label;

    Task(String label) {
        this.label = label;
    }

    /** The spelling in a spec. */
    public String label() {
        return label;
    }
}
