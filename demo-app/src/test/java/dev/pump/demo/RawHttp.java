package dev.pump.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for what real clients refuse to send: hostile paths, a
 * body cut off half-way, a response read while the body is still being sent.
 */
public final class RawHttp implements AutoCloseable {

	private final Socket socket;

	private RawHttp(Socket socket) {
		this.socket = socket;
	}

	/**
	 * Connect to a local server.
	 * @param port the port
	 * @return the connection
	 * @throws IOException on a connect error
	 */
	public static RawHttp connect(int port) throws IOException {
		Socket socket = new Socket("127.0.0.1", port);
		socket.setSoTimeout(30_000);
		return new RawHttp(socket);
	}

	/**
	 * Send bytes as they are.
	 * @param text the request text, ISO-8859-1
	 * @return this connection
	 * @throws IOException on a write error
	 */
	public RawHttp send(String text) throws IOException {
		return send(text.getBytes(StandardCharsets.ISO_8859_1));
	}

	/**
	 * Send bytes as they are.
	 * @param bytes the bytes
	 * @return this connection
	 * @throws IOException on a write error
	 */
	public RawHttp send(byte[] bytes) throws IOException {
		OutputStream out = this.socket.getOutputStream();
		out.write(bytes);
		out.flush();
		return this;
	}

	/**
	 * Return the output stream of the socket.
	 * @return the stream
	 * @throws IOException on error
	 */
	public OutputStream output() throws IOException {
		return this.socket.getOutputStream();
	}

	/**
	 * Return the input stream of the socket.
	 * @return the stream
	 * @throws IOException on error
	 */
	public InputStream input() throws IOException {
		return this.socket.getInputStream();
	}

	/**
	 * Read the head of the response: status line and headers.
	 * @return the head
	 * @throws IOException on a read error
	 */
	public String readHead() throws IOException {
		InputStream in = this.socket.getInputStream();
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				break;
			}
			head.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.ISO_8859_1);
	}

	/**
	 * Read the status code of the response.
	 * @return the status
	 * @throws IOException on a read error
	 */
	public int readStatus() throws IOException {
		String head = readHead();
		if (!head.startsWith("HTTP/1.1 ")) {
			throw new IOException("Not an HTTP response: " + head);
		}
		return Integer.parseInt(head.substring(9, 12));
	}

	/**
	 * Close the connection abruptly: a reset, as a client that crashed.
	 * @throws IOException on error
	 */
	public void reset() throws IOException {
		this.socket.setSoLinger(true, 0);
		this.socket.close();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
