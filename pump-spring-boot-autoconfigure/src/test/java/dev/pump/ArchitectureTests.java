package dev.pump;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the package table of the design (README, "Architecture"): which packages exist
 * and what each may depend on, dependencies pointing down the table only, and Spring
 * Boot's rules for auto-configuration classes, on the production classes of this module.
 */
class ArchitectureTests {

	private static final String IMPORTS = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

	private static final String[] BASE = { "java..", "reactor.core..", "reactor.util..", "org.reactivestreams..",
			"org.jspecify.." };

	private static final String[] SPRING_CORE = { "org.springframework.core..", "org.springframework.util..",
			"org.springframework.lang.." };

	// The package table of the README ("Architecture"): a new package is added there
	// first.
	private static final Set<String> TABLE = Set.of("dev.pump", "dev.pump.memory", "dev.pump.registry",
			"dev.pump.buffer", "dev.pump.file", "dev.pump.web", "dev.pump.s3", "dev.pump.observation",
			"dev.pump.metrics", "dev.pump.actuate", "dev.pump.autoconfigure");

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.pump");

	@Test
	void everyPackageIsOneOfTheTable() {
		Set<String> packages = CLASSES.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
		assertThat(packages).isNotEmpty().isSubsetOf(TABLE);
	}

	@Test
	void corePackageDependsOnlyOnJdkAndReactor() {
		check(onlyDependOn("dev.pump", List.of("dev.pump")));
	}

	@Test
	void memoryPackageDependsOnlyOnCore() {
		check(onlyDependOn("dev.pump.memory", List.of("dev.pump", "dev.pump.memory")));
	}

	@Test
	void registryPackageDependsOnlyOnCore() {
		check(onlyDependOn("dev.pump.registry", List.of("dev.pump", "dev.pump.registry"),
				new String[] { "io.github.bucket4j.." }));
	}

	@Test
	void bufferPackageDependsOnlyOnCoreAndSpringCore() {
		check(onlyDependOn("dev.pump.buffer", List.of("dev.pump", "dev.pump.buffer"), SPRING_CORE));
	}

	@Test
	void filePackageDependsOnlyOnCoreAndBuffer() {
		check(onlyDependOn("dev.pump.file", List.of("dev.pump", "dev.pump.buffer", "dev.pump.file"), SPRING_CORE));
	}

	@Test
	void webPackageDependsOnlyOnStreamsWebFluxAndReactorNetty() {
		check(onlyDependOn("dev.pump.web",
				List.of("dev.pump", "dev.pump.memory", "dev.pump.registry", "dev.pump.buffer", "dev.pump.file",
						"dev.pump.web"),
				SPRING_CORE, new String[] { "org.springframework.http..", "org.springframework.web..",
						"reactor.netty..", "io.netty.." }));
	}

	@Test
	void s3PackageDependsOnlyOnCoreBufferAndTheAwsSdk() {
		check(onlyDependOn("dev.pump.s3", List.of("dev.pump", "dev.pump.buffer", "dev.pump.s3"), SPRING_CORE,
				new String[] { "software.amazon.awssdk.." }));
	}

	@Test
	void observationPackageDependsOnlyOnCoreRegistryAndMicrometerObservation() {
		check(onlyDependOn("dev.pump.observation", List.of("dev.pump", "dev.pump.registry", "dev.pump.observation"),
				new String[] { "io.micrometer.observation..", "io.micrometer.common..", "org.slf4j.." }));
	}

	@Test
	void metricsPackageDependsOnlyOnCoreRegistryAndMicrometer() {
		check(onlyDependOn("dev.pump.metrics", List.of("dev.pump", "dev.pump.registry", "dev.pump.metrics"),
				new String[] { "io.micrometer.." }));
	}

	@Test
	void actuatePackageDependsOnlyOnCoreRegistryAndActuator() {
		check(onlyDependOn("dev.pump.actuate", List.of("dev.pump", "dev.pump.registry", "dev.pump.actuate"),
				new String[] { "org.springframework.boot.actuate.." }));
	}

	@Test
	void onlyAutoConfigurePackageDependsOnAutoConfigure() {
		check(noClasses().that()
			.resideOutsideOfPackage("dev.pump.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.pump.autoconfigure.."));
	}

	@Test
	void packagesAreFreeOfCycles() {
		check(slices().matching("dev.pump.(**)").should().beFreeOfCycles());
	}

	@Test
	void everyPackageIsNullMarked() {
		Set<JavaPackage> packages = CLASSES.stream().map(JavaClass::getPackage).collect(Collectors.toSet());
		assertThat(packages).isNotEmpty()
			.allSatisfy((pkg) -> assertThat(pkg.isAnnotatedWith(NullMarked.class)).as(pkg.getName()).isTrue());
	}

	@Test
	void autoConfigurationClassesArePublicAndFinal() {
		check(classes().that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.bePublic()
			.andShould()
			.haveModifier(JavaModifier.FINAL));
	}

	@Test
	void autoConfigurationClassesHaveNoPublicMethodsOrFields() {
		check(methods().that()
			.areDeclaredInClassesThat()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.notBePublic());
		check(fields().that()
			.areDeclaredInClassesThat()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.notBePublic()
			.allowEmptyShould(true));
	}

	@Test
	void beanMethodsArePackagePrivate() {
		check(methods().that()
			.areAnnotatedWith(Bean.class)
			.should()
			.notBePublic()
			.andShould()
			.notBePrivate()
			.andShould()
			.notBeProtected());
	}

	@Test
	void conditionalOnClassIsNotUsedOnBeanMethods() {
		check(methods().that().areAnnotatedWith(Bean.class).should().notBeAnnotatedWith(ConditionalOnClass.class));
	}

	@Test
	void conditionalOnMissingBeanDoesNotNameOnlyTheReturnType() throws Exception {
		for (JavaClass autoConfiguration : autoConfigurations()) {
			for (Method method : autoConfiguration.reflect().getDeclaredMethods()) {
				ConditionalOnMissingBean condition = method.getAnnotation(ConditionalOnMissingBean.class);
				if (method.isAnnotationPresent(Bean.class) && condition != null) {
					assertThat(condition.value()).as(method.toString())
						.isNotEqualTo(new Class<?>[] { method.getReturnType() });
				}
			}
		}
	}

	@Test
	void configurationPropertiesUseValueRatherThanPrefix() {
		CLASSES.stream().filter((type) -> type.isAnnotatedWith(ConfigurationProperties.class)).forEach((type) -> {
			ConfigurationProperties annotation = type.reflect().getAnnotation(ConfigurationProperties.class);
			assertThat(annotation.prefix()).as(type.getName()).isEmpty();
		});
	}

	@Test
	void autoConfigurationClassesAreListedInImportsFile() throws IOException {
		List<String> annotated = autoConfigurations().stream().map(JavaClass::getName).sorted().toList();
		assertThat(annotated).isNotEmpty();
		assertThat(listedAutoConfigurations()).containsExactlyInAnyOrderElementsOf(annotated);
	}

	private static List<JavaClass> autoConfigurations() {
		return CLASSES.stream().filter((type) -> type.isAnnotatedWith(AutoConfiguration.class)).toList();
	}

	private static List<String> listedAutoConfigurations() throws IOException {
		try (InputStream in = ArchitectureTests.class.getClassLoader().getResourceAsStream(IMPORTS)) {
			assertThat(in).as(IMPORTS).isNotNull();
			String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return content.lines()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
		}
	}

	private static ArchRule onlyDependOn(String pkg, List<String> ownPackages, String[]... others) {
		String[] allowed = Arrays.stream(others).flatMap(Arrays::stream).toArray(String[]::new);
		DescribedPredicate<JavaClass> permitted = JavaClass.Predicates
			.resideInAnyPackage(ownPackages.toArray(String[]::new))
			.or(JavaClass.Predicates.resideInAnyPackage(BASE))
			.or(JavaClass.Predicates.resideInAnyPackage(allowed));
		return classes().that()
			.resideInAPackage(pkg)
			.should()
			.onlyDependOnClassesThat(permitted)
			.allowEmptyShould(true);
	}

	private static void check(ArchRule rule) {
		rule.check(CLASSES);
	}

}
