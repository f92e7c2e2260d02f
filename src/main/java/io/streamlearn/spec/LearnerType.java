package io.streamlearn.spec;

/** The kind of a learner. */
public enum LearnerType {
    /** Linear model by proximal SGD, FTRL or RDA: Ridge, Lasso, elastic net, logistic, softmax. */
    LINEAR("linear"),
    /** Multilayer perceptron with dropout, trained by AdamW. */
    MLP("mlp");

    private final String label;

    LearnerType(String label) {
        this.label = label;
    }

    /** The spelling in a spec. */
    public String label() {
        return label;
    }
}
