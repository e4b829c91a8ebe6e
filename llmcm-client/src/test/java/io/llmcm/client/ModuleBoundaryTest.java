package io.llmcm.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** ARCHITECTURE.md: the SDK depends on the JDK and a JSON library only — no llmcm-core, no server. */
class ModuleBoundaryTest {
    private static final JavaClasses SDK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.llmcm.client");

    @Test
    void theSdkUsesTheJdkAndJacksonOnly() {
        classes()
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("io.llmcm.client..", "java..", "javax.crypto..", "tools.jackson..")
                .check(SDK);
    }
}
