package io.streamlearn;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layer table of DESIGN.md, checked on the compiled main classes. */
class LayerRulesTest {

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
                        "org.apache.kafka..", "com.fasterxml..", "io.micrometer..", "org.slf4j..",
                        "io.streamlearn.app..", "io.streamlearn.topology..", "io.streamlearn.metrics..",
                        "io.streamlearn.spec..", "io.streamlearn.record..", "io.streamlearn.eval..")
                .check(classes);
    }

    @Test
    void layersOnlyPointDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("app").definedBy("io.streamlearn.app..")
                .layer("topology").definedBy("io.streamlearn.topology..")
                .layer("metrics").definedBy("io.streamlearn.metrics..")
                .layer("spec").definedBy("io.streamlearn.spec..")
                .layer("record").definedBy("io.streamlearn.record..")
                .layer("eval").definedBy("io.streamlearn.eval..")
                .layer("learn").definedBy("io.streamlearn.learn..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("topology").mayOnlyBeAccessedByLayers("app")
                .whereLayer("metrics").mayOnlyBeAccessedByLayers("app", "topology")
                .whereLayer("spec").mayOnlyBeAccessedByLayers("app", "topology")
                .whereLayer("record").mayOnlyBeAccessedByLayers("app", "topology")
                .whereLayer("eval").mayOnlyBeAccessedByLayers("app", "topology", "metrics")
                .whereLayer("learn").mayOnlyBeAccessedByLayers("app", "topology", "metrics", "spec", "eval")
                .check(classes);
    }
}
