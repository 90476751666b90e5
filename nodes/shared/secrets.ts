/** Replaces every occurrence of a secret in a text, so that no token reaches a log, error or output. */
export function redact(text: string, secrets: readonly string[]): string {
	let result = text;
	for (const secret of secrets) {
		if (secret) result = result.split(secret).join('[redacted]');
	}
	return result;
}

/** The same for an error: its message (and stack) are rewritten in place. */
export function redactError<E>(error: E, secrets: readonly string[]): E {
	if (error instanceof Error) {
		error.message = redact(error.message, secrets);
		if (error.stack) error.stack = redact(error.stack, secrets);
	}
	return error;
}
