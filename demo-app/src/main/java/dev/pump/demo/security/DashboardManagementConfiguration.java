package dev.pump.demo.security;

import java.net.URI;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import dev.pump.demo.security.PresignedUrlIssuer.PresignRequest;

/**
 * The dashboard on the management port, when security is on: its page (the service's
 * {@code static/} resources) and {@code POST /dashboard/presigned-urls}, which gives its
 * upload form a presigned {@code PUT} URL on the service's port.
 *
 * <p>
 * The trust model: the management port is internal, reachable only by operators (as the
 * actuator, which can already cancel transfers). Whoever reaches it may upload through
 * the dashboard, as the subject {@code dashboard}, which the audit log shows. It mints
 * {@code PUT} URLs only, for at most {@value #EXPIRES_IN}.
 *
 * <p>
 * Loaded in the management server's own context (a child of the application's), from
 * {@code META-INF/spring/...ManagementContextConfiguration.imports}; only when
 * {@code management.server.port} differs from {@code server.port}, as Boot makes no such
 * context otherwise.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnProperty(name = "demo.security.enabled", havingValue = "true")
public class DashboardManagementConfiguration {

	/**
	 * Paths of the page and its resources.
	 */
	static final String[] PAGE_PATHS = { "/", "/index.html", "/dashboard.css", "/js/*.js" };

	/**
	 * Path of the presigning of uploads.
	 */
	static final String PRESIGN_PATH = "/dashboard/presigned-urls";

	static final String SUBJECT = "dashboard";

	static final String EXPIRES_IN = "PT15M";

	@Bean
	RouterFunction<ServerResponse> dashboardRoutes(PresignedUrlIssuer issuer, Environment environment) {
		ClassPathResource index = new ClassPathResource("static/index.html");
		return RouterFunctions.route()
			.GET("/", (request) -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(index))
			.POST(PRESIGN_PATH, (request) -> presign(request, issuer, environment))
			.add(RouterFunctions.resources("/**", new ClassPathResource("static/")))
			.onError(ErrorResponseException.class,
					(failure, request) -> ServerResponse.status(failure.getStatusCode())
						.contentType(MediaType.APPLICATION_PROBLEM_JSON)
						.bodyValue(failure.getBody()))
			.build();
	}

	private static Mono<ServerResponse> presign(ServerRequest request, PresignedUrlIssuer issuer,
			Environment environment) {
		return request.bodyToMono(PresignRequest.class).map((body) -> {
			PresignedUrlIssuer.Checked checked = issuer
				.check(new PresignRequest(HttpMethod.PUT.name(), body.key(), EXPIRES_IN));
			return issuer.issue(checked, SUBJECT, serviceUri(request.uri(), environment));
		}).flatMap((url) -> ServerResponse.status(HttpStatus.CREATED).bodyValue(url));
	}

	/**
	 * The service as seen from the dashboard's browser: the host it reached the dashboard
	 * on, with the service's port (used unless {@code demo.security.public-url} is set).
	 */
	private static URI serviceUri(URI dashboardUri, Environment environment) {
		int port = environment.getRequiredProperty("local.server.port", Integer.class);
		return UriComponentsBuilder.fromUri(dashboardUri)
			.port(port)
			.replacePath(null)
			.replaceQuery(null)
			.build()
			.toUri();
	}

}
