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

    @Test
    void learnIsPureMath() {
        noClasses().that().resideInAPackage("io.streamlearn.learn..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        KAFKA, "com.fasterxml..", "io.micrometer..", "org.slf4j..",
                        "io.streamlearn.cli..", "io.streamlearn.app..", "io.streamlearn.broker..",
                        "io.streamlearn.feed..", "io.streamlearn.topology..", "io.streamlearn.query..",
                        "io.streamlearn.metrics..", "io.streamlearn.pipeline..", "io.streamlearn.spec..",
                        "io.streamlearn.record..", "io.streamlearn.eval..")
                .check(classes);
    }

    /** The learning loop, the read side and everything below them run without Kafka ({@code replay} does). */
    @Test
    void theLearningLoopAndTheQuerySideAreKafkaFree() {
        noClasses().that().resideInAnyPackage("io.streamlearn.query..", "io.streamlearn.metrics..",
                        "io.streamlearn.pipeline..", "io.streamlearn.spec..", "io.streamlearn.record..",
                        "io.streamlearn.eval..", "io.streamlearn.feed.dataset..")
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
                .layer("cli").definedBy("io.streamlearn.cli..")
                .layer("app").definedBy("io.streamlearn.app..")
                .layer("broker").definedBy("io.streamlearn.broker..")
                .layer("feed").definedBy("io.streamlearn.feed..")
                .layer("topology").definedBy("io.streamlearn.topology..")
                .layer("query").definedBy("io.streamlearn.query..")
                .layer("metrics").definedBy("io.streamlearn.metrics..")
                .layer("pipeline").definedBy("io.streamlearn.pipeline..")
                .layer("spec").definedBy("io.streamlearn.spec..")
                .layer("record").definedBy("io.streamlearn.record..")
                .layer("eval").definedBy("io.streamlearn.eval..")
                .layer("learn").definedBy("io.streamlearn.learn..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("app").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("broker").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("feed").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("topology").mayOnlyBeAccessedByLayers("cli", "app")
                .whereLayer("query").mayOnlyBeAccessedByLayers("cli", "app", "topology")
                .whereLayer("metrics").mayOnlyBeAccessedByLayers("cli", "app", "topology", "query")
                .whereLayer("pipeline").mayOnlyBeAccessedByLayers("cli", "app", "topology", "query", "metrics")
                .whereLayer("spec").mayOnlyBeAccessedByLayers("cli", "app", "topology", "pipeline")
                .whereLayer("record").mayOnlyBeAccessedByLayers("cli", "app", "feed", "topology", "query", "pipeline")
                .whereLayer("eval").mayOnlyBeAccessedByLayers("cli", "app", "topology", "query", "metrics", "pipeline")
                .whereLayer("learn").mayOnlyBeAccessedByLayers("cli", "app", "feed", "topology", "query", "metrics",
                        "pipeline", "spec", "eval")
                .check(classes);
    }
}
