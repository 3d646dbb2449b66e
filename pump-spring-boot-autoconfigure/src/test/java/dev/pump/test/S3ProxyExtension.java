package dev.pump.test;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the {@link S3Proxy#shared() shared s3proxy} before the first test class that
 * uses it, and stops it once every test of the run is over, even when some failed: the
 * server is kept in the store of the root context, which closes it at the end.
 */
public class S3ProxyExtension implements BeforeAllCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(S3ProxyExtension.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getRoot().getStore(NAMESPACE).computeIfAbsent(S3Proxy.class, (key) -> S3Proxy.shared(), S3Proxy.class);
	}

}
