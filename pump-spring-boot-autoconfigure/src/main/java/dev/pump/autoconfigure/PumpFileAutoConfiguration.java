package dev.pump.autoconfigure;

import dev.pump.file.AsyncFileWriteStream;
import dev.pump.file.FileThreads;
import dev.pump.file.FileWriteOptions;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@link FileThreads} that write and force files for
 * {@link AsyncFileWriteStream}s, sized by {@code pump.file.*}, closed with the context,
 * and measured when Micrometer is present. Streams use them when given them with
 * {@link FileWriteOptions#threads(FileThreads)}.
 */
@AutoConfiguration
@ConditionalOnClass(FileThreads.class)
@EnableConfigurationProperties(PumpProperties.class)
public final class PumpFileAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	FileThreads pumpFileThreads(PumpProperties properties) {
		PumpProperties.File file = properties.getFile();
		return FileThreads.create(file.getWriterThreads(), file.getForceThreads());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "pump.metrics.enabled", matchIfMissing = true)
	static class FileThreadsMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FileThreadsMeterBinder pumpFileThreadsMeterBinder(FileThreads fileThreads) {
			return new FileThreadsMeterBinder(fileThreads);
		}

	}

}
