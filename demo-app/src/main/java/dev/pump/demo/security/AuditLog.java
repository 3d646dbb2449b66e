package dev.pump.demo.security;

import java.net.InetSocketAddress;
import java.security.Principal;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The audit log: one line per write or delete of the files API, and per presigned URL
 * issued, with who did it. A logger of its own ({@code dev.pump.demo.audit}), so that
 * operators can route it apart from the application log.
 */
final class AuditLog {

	private static final Log logger = LogFactory.getLog("dev.pump.demo.audit");

	private AuditLog() {
	}

	/**
	 * Log a request once it is answered. The query is left out: it may hold a presigned
	 * URL's signature.
	 * @param request the request
	 * @param principal who sent it, if known
	 * @param status its status, or {@code null} if the client went away first
	 */
	static void request(ServerHttpRequest request, @Nullable Principal principal, @Nullable HttpStatusCode status) {
		if (logger.isInfoEnabled()) {
			logger.info(request.getMethod() + " " + request.getPath().value() + " "
					+ ((status != null) ? status.value() : "cancelled") + " " + who(principal) + " client="
					+ client(request));
		}
	}

	/**
	 * Log a presigned URL issued.
	 * @param method its method
	 * @param key its key
	 * @param expiresIn its lifetime as asked
	 * @param subject who asked for it
	 */
	static void presigned(String method, String key, String expiresIn, String subject) {
		logger.info(
				"PRESIGN " + method + " /files/" + key + " expiresIn=" + expiresIn + " subject=" + printable(subject));
	}

	private static String who(@Nullable Principal principal) {
		if (principal instanceof PresignedUrlAuthentication presigned) {
			return "subject=" + printable(presigned.subject()) + " via=presigned-url";
		}
		if (principal != null) {
			return "subject=" + printable(principal.getName()) + " via=token";
		}
		return "subject=- via=none";
	}

	/**
	 * A subject as one word: a line break or a space in a token's subject must not forge
	 * or blur a line of the audit log.
	 */
	static String printable(String text) {
		StringBuilder printable = new StringBuilder(text.length());
		text.codePoints()
			.forEach((c) -> printable.append((Character.isISOControl(c) || Character.isWhitespace(c))
					? "\\u%04x".formatted(c) : Character.toString(c)));
		return printable.toString();
	}

	private static String client(ServerHttpRequest request) {
		InetSocketAddress address = request.getRemoteAddress();
		return (address != null) ? address.getHostString() : "-";
	}

}
