package dev.pump.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of a server, that can slow down what clients send (a
 * slow S3, seen from an upload) and counts the bytes in each direction (what a download
 * really pulled from S3). One thread per direction and connection: for tests.
 */
final class ThrottlingProxy implements AutoCloseable {

	private static final int CHUNK = 16 * 1024;

	private final ServerSocket server;

	private final URI target;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final AtomicLong upstreamBytes = new AtomicLong();

	private final AtomicLong downstreamBytes = new AtomicLong();

	private volatile long upstreamBytesPerSecond;

	// Open unless held: what clients send waits for it (a server that does not answer).
	private volatile CountDownLatch upstreamGate = new CountDownLatch(0);

	private ThrottlingProxy(URI target, long upstreamBytesPerSecond) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.target = target;
		this.upstreamBytesPerSecond = upstreamBytesPerSecond;
		Thread acceptor = new Thread(this::accept, "throttling-proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Start a proxy.
	 * @param target the server
	 * @param upstreamBytesPerSecond the rate of client-to-server bytes, {@code 0} for no
	 * limit
	 * @return the proxy
	 * @throws IOException if no port can be bound
	 */
	static ThrottlingProxy start(URI target, long upstreamBytesPerSecond) throws IOException {
		return new ThrottlingProxy(target, upstreamBytesPerSecond);
	}

	URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.getLocalPort());
	}

	long upstreamBytes() {
		return this.upstreamBytes.get();
	}

	long downstreamBytes() {
		return this.downstreamBytes.get();
	}

	void upstreamBytesPerSecond(long rate) {
		this.upstreamBytesPerSecond = rate;
	}

	/**
	 * Hold what clients send from now on, until {@link #releaseUpstream()}: the server
	 * then receives nothing and answers nothing.
	 */
	void holdUpstream() {
		this.upstreamGate = new CountDownLatch(1);
	}

	/**
	 * Let what clients send through again, and what was held.
	 */
	void releaseUpstream() {
		this.upstreamGate.countDown();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket(this.target.getHost(), this.target.getPort());
				this.sockets.add(client);
				this.sockets.add(upstream);
				copy(client, upstream, this.upstreamBytes, true);
				copy(upstream, client, this.downstreamBytes, false);
			}
			catch (IOException ex) {
				// Closed: the test is over.
			}
		}
	}

	private void copy(Socket from, Socket to, AtomicLong counter, boolean throttled) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[CHUNK];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					if (throttled) {
						this.upstreamGate.await();
						pace(read);
					}
					out.write(buffer, 0, read);
					counter.addAndGet(read);
				}
			}
			catch (IOException | InterruptedException ex) {
				// One side closed: closing both ends the other direction too.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "throttling-proxy-copy");
		thread.setDaemon(true);
		thread.start();
	}

	private void pace(int bytes) throws InterruptedException {
		long rate = this.upstreamBytesPerSecond;
		if (rate > 0) {
			Thread.sleep(Math.max(1, bytes * 1000L / rate));
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already closed.
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		this.sockets.forEach(ThrottlingProxy::closeQuietly);
	}

}
