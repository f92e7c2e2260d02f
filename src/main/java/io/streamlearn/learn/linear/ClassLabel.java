package io.streamlearn.learn.linear;

/** A class label passed as a double, checked to be a class index. */
final class ClassLabel {

    private ClassLabel() {}

    /** The label as an index in [0, classes); throws if it is not one. */
    static int index(double label, int classes) {
        int y = (int) label;
        if (y != label || y < 0 || y >= classes) {
            throw new IllegalArgumentException("class label must be an index in [0, " + classes + "), got " + label);
        }
        return y;
    }
}
