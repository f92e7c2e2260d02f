package io.streamlearn.cli.bench;

/** The applications a bench compares; {@code suffix} ends their topics' and application ids' names. */
enum MeasuredApplication {
    PASS_THROUGH("passthrough"), LEARNER("streamlearn"), PARALLEL("parallel");

    final String suffix;

    MeasuredApplication(String suffix) {
        this.suffix = suffix;
    }
}
