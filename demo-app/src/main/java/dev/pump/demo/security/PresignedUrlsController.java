package dev.pump.demo.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import dev.pump.demo.security.PresignedUrlIssuer.Checked;
import dev.pump.demo.security.PresignedUrlIssuer.PresignRequest;
import dev.pump.demo.security.PresignedUrlIssuer.PresignedUrl;

/**
 * {@code POST /presigned-urls}: a token holder asks for a URL that lets anyone use one
 * method on one key until it expires. The token must have the scope of that method and
 * the key in its {@code key_prefix}: a presigned URL never grants more than its issuer
 * has.
 */
@RestController
@ConditionalOnProperty(name = "demo.security.enabled", havingValue = "true")
class PresignedUrlsController {

	private final PresignedUrlIssuer issuer;

	PresignedUrlsController(PresignedUrlIssuer issuer) {
		this.issuer = issuer;
	}

	@PostMapping("/presigned-urls")
	Mono<ResponseEntity<PresignedUrl>> presign(@RequestBody PresignRequest request, ServerWebExchange exchange) {
		Checked checked = this.issuer.check(request);
		return exchange.getPrincipal().cast(JwtAuthenticationToken.class).map((token) -> {
			checkGranted(token, checked);
			PresignedUrl url = this.issuer.issue(checked, token.getName(), exchange.getRequest().getURI());
			return ResponseEntity.status(HttpStatus.CREATED).body(url);
		});
	}

	private static void checkGranted(JwtAuthenticationToken token, Checked checked) {
		String scope = Scopes.forMethod(checked.method());
		if (!Scopes.granted(token, scope)) {
			throw forbidden("The token lacks the scope " + scope);
		}
		if (!TokenKeyScopes.of(token).permits(checked.key())) {
			throw forbidden("The token does not grant access to this key");
		}
	}

	private static ErrorResponseException forbidden(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail);
		problem.setTitle("Forbidden");
		return new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null);
	}

}
