package dev.pump.web;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.DefaultFileRegion;

/**
 * A region of a file whose channel several regions share: the channel is closed when the
 * last region and the {@link Owner} that cut them are released. It stays a
 * {@link DefaultFileRegion} because epoll sends only those with {@code sendfile}; a
 * wrapping {@code FileRegion} would be copied through user space.
 */
final class SharedFileRegion extends DefaultFileRegion {

	private final Owner owner;

	private SharedFileRegion(Owner owner, long position, long count) {
		super(owner.channel, position, count);
		this.owner = owner;
	}

	@Override
	protected void deallocate() {
		// Not super.deallocate(): that closes the channel the other regions still use.
		this.owner.release();
	}

	/**
	 * Holds a file channel open for as long as it or one of its regions lives.
	 */
	static final class Owner {

		private final FileChannel channel;

		private final AtomicInteger references = new AtomicInteger(1);

		Owner(FileChannel channel) {
			this.channel = channel;
		}

		SharedFileRegion region(long position, long count) {
			this.references.incrementAndGet();
			return new SharedFileRegion(this, position, count);
		}

		boolean isOpen() {
			return this.channel.isOpen();
		}

		void release() {
			if (this.references.decrementAndGet() == 0) {
				try {
					this.channel.close();
				}
				catch (IOException ex) {
					// Only read from: a failed close loses nothing.
				}
			}
		}

	}

}
