package io.llmcm.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** ARCHITECTURE.md: llmcm-core knows nothing of HTTP or JDBC, and the model knows nothing of the engine. */
class ModuleBoundaryTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.llmcm.core");

    @Test
    void coreUsesNoHttpAndNoJdbc() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "java.sql..", "javax.sql..", "java.net.http..", "com.sun.net.httpserver..",
                        "io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..", "io.grpc..",
                        "org.sqlite..", "org.postgresql..", "com.zaxxer..", "org.flywaydb..",
                        "io.llmcm.store..", "io.llmcm.cli..")
                .check(CORE);
    }

    @Test
    void theModelDependsOnNothingAboveIt() {
        noClasses()
                .that()
                .resideInAPackage("io.llmcm.core.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.llmcm.core.repo..", "io.llmcm.core.store..", "io.llmcm.core.validation..", "io.llmcm.core.format..")
                .check(CORE);
    }

    @Test
    void theStoreSpiDoesNotKnowTheEngine() {
        noClasses()
                .that()
                .resideInAPackage("io.llmcm.core.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.llmcm.core.repo..")
                .check(CORE);
    }
}
