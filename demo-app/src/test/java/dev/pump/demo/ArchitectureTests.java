package dev.pump.demo;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the service an example worth copying: it uses only the starter's public API, and
 * its packages depend on each other one way (security on web, storage and config; web on
 * storage and config, config on storage, storage on none of them).
 */
class ArchitectureTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.pump.demo");

	@Test
	void serviceUsesOnlyThePublicApiOfTheStarter() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.pump.autoconfigure..", "dev.pump.metrics..", "dev.pump.actuate..",
					"dev.pump.observation..")
			.check(CLASSES);
	}

	@Test
	void storageKnowsNothingOfTheWebOrTheConfiguration() {
		noClasses().that()
			.resideInAPackage("dev.pump.demo.storage..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.pump.demo.web..", "dev.pump.demo.config..", "org.springframework.web..",
					"org.springframework.http..", "dev.pump.web..")
			.check(CLASSES);
	}

	@Test
	void configurationDoesNotDependOnTheWeb() {
		noClasses().that()
			.resideInAPackage("dev.pump.demo.config..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.pump.demo.web..")
			.check(CLASSES);
	}

	@Test
	void onlySecurityKnowsOfSecurity() {
		noClasses().that()
			.resideInAnyPackage("dev.pump.demo.web..", "dev.pump.demo.storage..", "dev.pump.demo.config..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.pump.demo.security..", "org.springframework.security..")
			.check(CLASSES);
	}

	@Test
	void everyPackageIsNullMarked() {
		assertThat(CLASSES.getPackage("dev.pump.demo").getSubpackagesInTree()).allSatisfy((javaPackage) -> assertThat(
				javaPackage.isAnnotatedWith(NullMarked.class) || javaPackage.getClasses().isEmpty())
			.as(javaPackage.getName())
			.isTrue());
	}

}
