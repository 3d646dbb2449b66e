package dev.pump.demo.web;

/**
 * The answer to an upload: what was stored.
 *
 * @param key the key
 * @param size the size in bytes
 * @param sha256 the SHA-256 of the content, lower-case hex
 */
public record UploadResult(String key, long size, String sha256) {

}
