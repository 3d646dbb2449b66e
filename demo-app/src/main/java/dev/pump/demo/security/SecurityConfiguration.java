package dev.pump.demo.security;

import java.time.Clock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;

import dev.pump.demo.web.KeyScopes;

/**
 * The security of the service when {@code demo.security.enabled=true}: the files API
 * takes JWT bearer tokens (Spring Security's resource server, configured by Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*}) or presigned URLs, every other
 * path of this port is refused (the actuator and the dashboard are on the management
 * port, which these rules leave alone), and every refusal is a problem detail. Stateless:
 * no session, no cookie, so no CSRF.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "demo.security.enabled", havingValue = "true")
@EnableWebFluxSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

	private static final Log logger = LogFactory.getLog(SecurityConfiguration.class);

	@Bean
	SecurityWebFilterChain filesSecurityFilterChain(ServerHttpSecurity http, PresignedUrls presignedUrls,
			SecurityProblems problems, ObjectProvider<ReactiveJwtDecoder> jwtDecoder, Environment environment) {
		if (jwtDecoder.getIfAvailable() == null) {
			throw new IllegalStateException("demo.security.enabled=true needs a way to check tokens: set "
					+ "spring.security.oauth2.resourceserver.jwt.issuer-uri, .jwk-set-uri or .public-key-location");
		}
		warnWithoutManagementPort(environment);
		stateless(http).securityMatcher(new NegatedServerWebExchangeMatcher(new ManagementPortMatcher(environment)))
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> {
			}).authenticationEntryPoint(problems.entryPoint()).accessDeniedHandler(problems.accessDenied()))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems.entryPoint())
				.accessDeniedHandler(problems.accessDenied()))
			.addFilterAt(PresignedUrlFilter.create(presignedUrls, problems.presignedUrlRejected()),
					SecurityWebFiltersOrder.AUTHENTICATION)
			.addFilterBefore(new AuditLogFilter(), SecurityWebFiltersOrder.EXCEPTION_TRANSLATION)
			.authorizeExchange((exchanges) -> exchanges.pathMatchers(HttpMethod.POST, "/presigned-urls")
				.access(FilesAuthorization.bearerToken())
				.pathMatchers(HttpMethod.GET, "/files")
				.access(FilesAuthorization.scopeOfMethod())
				.pathMatchers(HttpMethod.HEAD, "/files")
				.access(FilesAuthorization.scopeOfMethod())
				.pathMatchers(HttpMethod.POST, "/files")
				.access(FilesAuthorization.scopeOfMethod())
				.pathMatchers("/files/**")
				.access(FilesAuthorization.scopeOfMethodOnKey())
				// tus (resumable uploads): every method of it creates or continues an
				// upload.
				.pathMatchers("/uploads", "/uploads/**")
				.access(FilesAuthorization.scopeOfWrite())
				.anyExchange()
				.denyAll());
		return http.build();
	}

	/**
	 * The management port serves the actuator and the dashboard to whoever reaches it (it
	 * is internal: see {@link DashboardManagementConfiguration}), and nothing else: not
	 * the files API, which Boot's management context would otherwise serve there too,
	 * unchecked. No CSRF protection: nothing there uses cookies, and the dashboard's
	 * presigning takes JSON only, which a foreign page cannot send without a preflight
	 * that gets no CORS answer.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityWebFilterChain managementPortSecurityFilterChain(ServerHttpSecurity http, SecurityProblems problems,
			Environment environment) {
		stateless(http).securityMatcher(new ManagementPortMatcher(environment))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems.notServed())
				.accessDeniedHandler(problems.notServedDenied()))
			.authorizeExchange((exchanges) -> exchanges.pathMatchers("/actuator", "/actuator/**")
				.permitAll()
				.pathMatchers(HttpMethod.GET, DashboardManagementConfiguration.PAGE_PATHS)
				.permitAll()
				.pathMatchers(HttpMethod.HEAD, DashboardManagementConfiguration.PAGE_PATHS)
				.permitAll()
				.pathMatchers(HttpMethod.POST, DashboardManagementConfiguration.PRESIGN_PATH)
				.permitAll()
				.anyExchange()
				.denyAll());
		return http.build();
	}

	/**
	 * Without a management port of their own, the actuator and the dashboard share the
	 * service's port, where every path but the files API is refused: safe, but likely not
	 * what the operator meant.
	 */
	private static void warnWithoutManagementPort(Environment environment) {
		String management = environment.getProperty("management.server.port");
		if (management == null || management.equals(environment.getProperty("server.port", "8080"))) {
			logger.warn("demo.security.enabled=true without a management.server.port of its own: the actuator "
					+ "and the dashboard are refused on the service's port, set management.server.port to serve them");
		}
	}

	/**
	 * No session, no saved request, no login form: every request carries its credential.
	 */
	private static ServerHttpSecurity stateless(ServerHttpSecurity http) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
	}

	@Bean
	PresignedUrls presignedUrls(SecurityProperties properties) {
		return new PresignedUrls(properties, Clock.systemUTC());
	}

	@Bean
	PresignedUrlIssuer presignedUrlIssuer(PresignedUrls urls, SecurityProperties properties) {
		return new PresignedUrlIssuer(urls, properties);
	}

	@Bean
	KeyScopes tokenKeyScopes() {
		return new TokenKeyScopes();
	}

	@Bean
	SecurityProblems securityProblems(ServerCodecConfigurer codecs) {
		return new SecurityProblems(new ProblemResponses(codecs));
	}

	@Bean
	ServerExchangeRejectedHandler problemExchangeRejectedHandler(SecurityProblems problems) {
		return problems.exchangeRejected();
	}

}
