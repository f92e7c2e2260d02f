package io.streamlearn;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layer table of docs/DESIGN.md, checked on the compiled main classes. */
class LayerRulesTest {

    private static final String KAFKA = "org.apache.kafka..";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.streamlearn");
    }

    /** The feature vector sits below everything: JDK only. */
    @Test
    void theFeatureVectorImportsNothingOfStreamlearn() {
        noClasses().that().resideInAPackage("io.streamlearn.vector..")
                .should().dependOnClassesThat().resideInAnyPackage(KAFKA, "com.fasterxml..", "io.micrometer..",
                        "org.slf4j..", "org.ejml..", "io.streamlearn.cli..", "io.streamlearn.app..",
                        "io.streamlearn.broker..", "io.streamlearn.feed..", "io.streamlearn.topology..",
                        "io.streamlearn.query..", "io.streamlearn.metrics..", "io.streamlearn.pipeline..",
                        "io.streamlearn.spec..", "io.streamlearn.encode..", "io.streamlearn.record..",
                        "io.streamlearn.eval..", "io.streamlearn.learn..")
                .check(classes);
    }

    /** The encoder is plain Java over record and vector: no Jackson, Kafka, Micrometer or math of learn. */
    @Test
    void encodeImportsOnlyRecordAndVector() {
        noClasses().that().resideInAPackage("io.streamlearn.encode..")
                .should().dependOnClassesThat().resideInAnyPackage(KAFKA, "com.fasterxml..", "io.micrometer..",
                        "org.slf4j..", "org.ejml..", "io.streamlearn.learn..", "io.streamlearn.eval..")
                .check(classes);
    }

    @Test
    void learnIsPureMath() {
        noClasses().that().resideInAPackage("io.streamlearn.learn..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        KAFKA, "com.fasterxml..", "io.micrometer..", "org.slf4j..",
                        "io.streamlearn.cli..", "io.streamlearn.app..", "io.streamlearn.broker..",
                        "io.streamlearn.feed..", "io.streamlearn.topology..", "io.streamlearn.query..",
                        "io.streamlearn.metrics..", "io.streamlearn.pipeline..", "io.streamlearn.spec..",
                        "io.streamlearn.encode..", "io.streamlearn.record..", "io.streamlearn.eval..")
                .check(classes);
    }

    /** The learning loop, the read side and everything below them run without Kafka ({@code replay} does). */
    @Test
    void theLearningLoopAndTheQuerySideAreKafkaFree() {
        noClasses().that().resideInAnyPackage("io.streamlearn.query..", "io.streamlearn.metrics..",
                        "io.streamlearn.pipeline..", "io.streamlearn.spec..", "io.streamlearn.encode..",
                        "io.streamlearn.record..", "io.streamlearn.eval..", "io.streamlearn.feed.dataset..")
                .should().dependOnClassesThat().resideInAPackage(KAFKA)
                .check(classes);
    }

    /** The HTTP server is below the runtime that starts it: {@code app} imports {@code app.http}, never the reverse. */
    @Test
    void theHttpServerDoesNotReachBackIntoTheRuntime() {
        noClasses().that().resideInAPackage("io.streamlearn.app.http..")
                .should().dependOnClassesThat().resideInAPackage("io.streamlearn.app")
                .check(classes);
    }

    @Test
    void replayReachesNoKafkaCode() {
        noClasses().that().haveFullyQualifiedName("io.streamlearn.cli.ReplayCommand")
                .should().transitivelyDependOnClassesThat().resideInAnyPackage(KAFKA,
                        "io.streamlearn.topology..", "io.streamlearn.app..", "io.streamlearn.broker..")
                .check(classes);
    }

    @Test
    void layersOnlyPointDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("cli").definedBy("io.streamlearn.cli")
                .layer("cli.bench").definedBy("io.streamlearn.cli.bench..")
                .layer("app").definedBy("io.streamlearn.app..")
                .layer("broker").definedBy("io.streamlearn.broker..")
                .layer("feed").definedBy("io.streamlearn.feed..")
                .layer("topology").definedBy("io.streamlearn.topology..")
                .layer("query").definedBy("io.streamlearn.query..")
                .layer("metrics").definedBy("io.streamlearn.metrics..")
                .layer("pipeline").definedBy("io.streamlearn.pipeline..")
                .layer("spec").definedBy("io.streamlearn.spec..")
                .layer("encode").definedBy("io.streamlearn.encode..")
                .layer("record").definedBy("io.streamlearn.record..")
                .layer("eval").definedBy("io.streamlearn.eval..")
                .layer("learn").definedBy("io.streamlearn.learn..")
                .layer("vector").definedBy("io.streamlearn.vector..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli.bench").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("app").mayOnlyBeAccessedByLayers("cli", "cli.bench")
                .whereLayer("broker").mayOnlyBeAccessedByLayers("cli", "cli.bench")
                .whereLayer("feed").mayOnlyBeAccessedByLayers("cli", "cli.bench")
                .whereLayer("topology").mayOnlyBeAccessedByLayers("cli", "cli.bench", "app")
                .whereLayer("query").mayOnlyBeAccessedByLayers("cli", "cli.bench", "app", "topology")
                .whereLayer("metrics").mayOnlyBeAccessedByLayers("cli", "cli.bench", "app", "topology", "query")
                .whereLayer("pipeline").mayOnlyBeAccessedByLayers("cli", "cli.bench", "app", "topology", "query",
                        "metrics")
                .whereLayer("spec").mayOnlyBeAccessedByLayers("cli", "cli.bench", "app", "topology", "pipeline")
                .whereLayer("encode").mayOnlyBeAccessedByLayers("cli", "cli.bench", "app", "topology", "query",
                        "pipeline", "spec")
                .whereLayer("record").mayOnlyBeAccessedByLayers("cli", "cli.bench", "app", "feed", "topology", "query",
                        "pipeline", "encode")
                .whereLayer("eval").mayOnlyBeAccessedByLayers("cli", "cli.bench", "app", "topology", "query", "metrics",
                        "pipeline")
                .whereLayer("learn").mayOnlyBeAccessedByLayers("cli", "cli.bench", "app", "feed", "topology", "query",
                        "metrics", "pipeline", "spec", "eval")
                .whereLayer("vector").mayOnlyBeAccessedByLayers("cli", "cli.bench", "app", "feed", "topology", "query",
                        "metrics", "pipeline", "spec", "encode", "record", "eval", "learn")
                .check(classes);
    }
}
