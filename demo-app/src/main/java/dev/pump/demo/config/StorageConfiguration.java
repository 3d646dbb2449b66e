package dev.pump.demo.config;

import java.io.IOException;

import io.netty.buffer.PooledByteBufAllocator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.util.unit.DataSize;

import dev.pump.demo.storage.FileSystemStorage;
import dev.pump.demo.storage.Storage;
import dev.pump.demo.storage.ThrottledStorage;
import dev.pump.file.FileThreads;

/**
 * The storage of the service: the filesystem under {@code demo.storage.directory},
 * throttled when {@code demo.storage.throttle} is set. Not used when
 * {@code demo.storage.type=s3} (see {@link S3StorageConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DemoProperties.class)
public class StorageConfiguration {

	@Bean
	@ConditionalOnProperty(name = "demo.storage.type", havingValue = "filesystem", matchIfMissing = true)
	Storage storage(DemoProperties properties, ObjectProvider<FileThreads> fileThreads) throws IOException {
		// Pooled Netty buffers: the server writes them to the socket without a copy. The
		// file threads are the starter's bean (pump.file.*), closed with the context.
		Storage storage = new FileSystemStorage(properties.getStorage().getDirectory(),
				new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT),
				fileThreads.getIfAvailable(FileThreads::shared));
		DataSize throttle = properties.getStorage().getThrottle();
		return (throttle != null) ? new ThrottledStorage(storage, throttle) : storage;
	}

}
