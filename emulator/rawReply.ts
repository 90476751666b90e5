/** A route's answer that is not JSON (a media download): sent as is, with its own headers. */
export class RawReply {
	constructor(
		readonly body: Buffer,
		readonly headers: Record<string, string>,
		readonly status = 200,
	) {}

	/** What the request log keeps instead of the bytes. */
	summary() {
		return { contentType: this.headers['content-type'], bytes: this.body.length };
	}
}

/** A route's answer that is no answer: the connection drops (an upload cut off mid-way). */
export class DroppedConnection {}
