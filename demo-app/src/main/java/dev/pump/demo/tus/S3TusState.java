package dev.pump.demo.tus;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The state of an upload on S3, kept whole in its {@code .info} object, which is the one
 * place a PATCH commits to: the multipart upload and its committed parts (number, ETag,
 * size), the object that holds the bytes waiting for a full part, and the SHA-256 state
 * of the committed parts. The offset is the size of the committed parts plus the waiting
 * bytes.
 *
 * @param upload the upload, its offset computed from the parts
 * @param uploadId the multipart upload, or {@code null} for an empty or complete upload
 * @param digestRef the name of the digest object of the multipart object
 * @param parts the committed parts, in order
 * @param pendingKey the object that holds the waiting bytes, or {@code null}
 * @param pendingSize how many bytes wait
 * @param sha256State the encoded SHA-256 state after the committed parts, or an empty
 * string before the first part
 * @param complete whether the object is published
 * @param version the ETag of the {@code .info} object this state was read from or saved
 * as, or {@code null} for a state not saved yet: a save is conditional on it
 */
record S3TusState(TusUpload upload, @Nullable String uploadId, String digestRef, List<Part> parts,
		@Nullable String pendingKey, long pendingSize, String sha256State, boolean complete, @Nullable String version) {

	S3TusState {
		parts = List.copyOf(parts);
		long offset = complete ? upload.length() : partsSize(parts) + pendingSize;
		upload = upload.withOffset(offset);
	}

	long partsSize() {
		return partsSize(this.parts);
	}

	int nextPartNumber() {
		return this.parts.isEmpty() ? 1 : this.parts.get(this.parts.size() - 1).number() + 1;
	}

	S3TusState withUpload(TusUpload newUpload) {
		return new S3TusState(newUpload, this.uploadId, this.digestRef, this.parts, this.pendingKey, this.pendingSize,
				this.sha256State, this.complete, this.version);
	}

	S3TusState withVersion(@Nullable String newVersion) {
		return new S3TusState(this.upload, this.uploadId, this.digestRef, this.parts, this.pendingKey, this.pendingSize,
				this.sha256State, this.complete, newVersion);
	}

	S3TusState withParts(List<Part> newParts, @Nullable String newPendingKey, long newPendingSize,
			String newSha256State) {
		return new S3TusState(this.upload, this.uploadId, this.digestRef, newParts, newPendingKey, newPendingSize,
				newSha256State, false, this.version);
	}

	S3TusState completed() {
		return new S3TusState(this.upload, null, this.digestRef, List.of(), null, 0, "", true, this.version);
	}

	String format() {
		Properties state = new Properties();
		state.setProperty("key", this.upload.key());
		state.setProperty("length", Long.toString(this.upload.length()));
		state.setProperty("metadata", this.upload.metadata());
		state.setProperty("expires", this.upload.expires().toString());
		state.setProperty("upload-id", (this.uploadId != null) ? this.uploadId : "");
		state.setProperty("digest-ref", this.digestRef);
		state.setProperty("parts",
				this.parts.stream()
					.map((part) -> part.number() + ":" + part.size() + ":" + part.etag())
					.collect(Collectors.joining(",")));
		state.setProperty("pending", (this.pendingKey != null) ? this.pendingKey : "");
		state.setProperty("pending-size", Long.toString(this.pendingSize));
		state.setProperty("sha256-state", this.sha256State);
		state.setProperty("complete", Boolean.toString(this.complete));
		StringWriter writer = new StringWriter();
		try {
			state.store(writer, null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return writer.toString();
	}

	static S3TusState parse(String id, String text, @Nullable String version) {
		Properties state = new Properties();
		try {
			state.load(new StringReader(text));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		TusUpload upload = new TusUpload(id, state.getProperty("key"), Long.parseLong(state.getProperty("length")), 0,
				state.getProperty("metadata", ""), Instant.parse(state.getProperty("expires")));
		List<Part> parts = new ArrayList<>();
		for (String part : state.getProperty("parts", "").split(",")) {
			if (!part.isEmpty()) {
				String[] fields = part.split(":", 3);
				parts.add(new Part(Integer.parseInt(fields[0]), fields[2], Long.parseLong(fields[1])));
			}
		}
		return new S3TusState(upload, emptyToNull(state.getProperty("upload-id")), state.getProperty("digest-ref"),
				parts, emptyToNull(state.getProperty("pending")), Long.parseLong(state.getProperty("pending-size")),
				state.getProperty("sha256-state", ""), Boolean.parseBoolean(state.getProperty("complete")), version);
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	private static long partsSize(List<Part> parts) {
		long size = 0;
		for (Part part : parts) {
			size += part.size();
		}
		return size;
	}

	/**
	 * A committed part of the multipart upload.
	 *
	 * @param number its part number
	 * @param etag its ETag, checked by S3 when the upload is completed
	 * @param size its size in bytes
	 */
	record Part(int number, String etag, long size) {
	}

}
