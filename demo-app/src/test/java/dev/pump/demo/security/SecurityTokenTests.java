package dev.pump.demo.security;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which tokens open the files API: a valid RS256 token of the configured key and
 * audience, and nothing else. Refusals are RFC 6750 challenges with problem details.
 */
class SecurityTokenTests extends SecuredService {

	@Test
	void requestWithoutTokenIsUnauthorizedWithABearerChallengeAndAProblem() throws Exception {
		HttpResponse<String> response = get("/files", null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":401", "\"title\":\"Unauthorized\"", "\"instance\":\"/files\"");
	}

	@Test
	void validTokenOpensTheApi() throws Exception {
		HttpResponse<String> response = get("/files", TestTokens.token("alice", "files.read"));
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void expiredTokenIsAnInvalidToken() throws Exception {
		assertInvalidToken(get("/files", TestTokens.expired("alice", ALL_SCOPES)));
	}

	@Test
	void unsignedTokenIsAnInvalidToken() throws Exception {
		assertInvalidToken(get("/files", TestTokens.unsigned("alice", ALL_SCOPES)));
	}

	@Test
	void hs256TokenSignedWithThePublicKeyIsAnInvalidToken() throws Exception {
		assertInvalidToken(get("/files", TestTokens.hs256WithThePublicKey("alice", ALL_SCOPES)));
	}

	@Test
	void tokenSignedByAnotherKeyIsAnInvalidToken() throws Exception {
		assertInvalidToken(get("/files", TestTokens.signedByAnotherKey("alice", ALL_SCOPES)));
	}

	@Test
	void tokenForAnotherAudienceIsAnInvalidToken() throws Exception {
		assertInvalidToken(get("/files", TestTokens.forAudience("alice", ALL_SCOPES, "another-service")));
	}

	@Test
	void tamperedTokenIsAnInvalidToken() throws Exception {
		String token = TestTokens.token("alice", "files.read");
		String[] parts = token.split("\\.");
		String forged = parts[0] + "." + TestTokens.token("mallory", ALL_SCOPES).split("\\.")[1] + "." + parts[2];
		assertInvalidToken(get("/files", forged));
	}

	@Test
	void tokenWithoutTheScopeIsForbiddenWithAnInsufficientScopeChallenge() throws Exception {
		HttpResponse<String> response = get("/files", TestTokens.token("alice", "files.write"));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer").contains("error=\"insufficient_scope\""));
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":403", "The credential lacks the scope files.read");
	}

	private static void assertInvalidToken(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer").contains("error=\"invalid_token\""));
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":401");
	}

}
