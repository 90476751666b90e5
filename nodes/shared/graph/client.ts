import { GraphApiError, UnexpectedResponseError, type GraphErrorBody } from './errors';
import type { HttpResponse, Transport } from './transport';

export type QueryValue = string | number | boolean | undefined;

/** One Graph API call, as an operation of the catalog describes it. */
export interface GraphRequest {
	method: 'GET' | 'POST' | 'DELETE';
	/** Path below the version, without a leading slash: `{phone-number-id}/messages`. */
	path: string;
	query?: Record<string, QueryValue>;
	/** A JSON body, a multipart form, an urlencoded form, or raw bytes (a Resumable Upload step). */
	body?: unknown;
	multipart?: MultipartPart[];
	form?: Record<string, string>;
	raw?: { data: Uint8Array; contentType: string };
	/** Headers a step needs besides the JSON ones (the Resumable Upload API's `file_offset`). */
	headers?: Record<string, string>;
}

export interface MultipartPart {
	name: string;
	value: string | Uint8Array;
	filename?: string;
	contentType?: string;
}

export interface GraphResponse<T = unknown> {
	status: number;
	data: T;
	headers: Record<string, string>;
}

export interface GraphClientOptions {
	transport: Transport;
	baseUrl: string;
	apiVersion: string;
	timeoutMs?: number;
}

/** The single path every Graph API request takes: versioned URL, JSON or multipart, error envelope. */
export class GraphClient {
	readonly baseUrl: string;
	readonly apiVersion: string;
	private readonly transport: Transport;
	private readonly timeoutMs: number;

	constructor(options: GraphClientOptions) {
		this.transport = options.transport;
		this.baseUrl = options.baseUrl.replace(/\/+$/, '');
		this.apiVersion = options.apiVersion.replace(/^\/+|\/+$/g, '');
		this.timeoutMs = options.timeoutMs ?? 30_000;
	}

	url(path: string, query?: Record<string, QueryValue>): string {
		const url = new URL(`${this.baseUrl}/${this.apiVersion}/${path.replace(/^\/+/, '')}`);
		for (const [key, value] of Object.entries(query ?? {})) {
			if (value !== undefined) url.searchParams.set(key, String(value));
		}
		return url.toString();
	}

	async request<T = unknown>(request: GraphRequest): Promise<GraphResponse<T>> {
		const headers: Record<string, string> = { ...request.headers, accept: 'application/json' };
		let body: string | Uint8Array | undefined;
		if (request.raw) {
			headers['content-type'] = request.raw.contentType;
			body = request.raw.data;
		} else if (request.multipart) {
			const form = await encodeMultipart(request.multipart);
			headers['content-type'] = form.contentType;
			body = form.body;
		} else if (request.form) {
			// The charset named, as browsers send forms: n8n's HTTP helper parses a body sent with the
			// bare type again, and fails on the bytes of one.
			headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
			body = new URLSearchParams(request.form).toString();
		} else if (request.body !== undefined) {
			headers['content-type'] = 'application/json';
			body = JSON.stringify(request.body);
		}
		const response = await this.transport({
			method: request.method,
			url: this.url(request.path, request.query),
			headers,
			body,
			timeoutMs: this.timeoutMs,
		});
		return { status: response.status, data: parseGraphBody(response) as T, headers: response.headers };
	}

	/** Downloads a file from an absolute URL (media URLs), with the same authentication. */
	async download(url: string): Promise<HttpResponse> {
		const response = await this.transport({ method: 'GET', url, headers: {}, timeoutMs: this.timeoutMs });
		if (response.status >= 400) parseGraphBody(response);
		return response;
	}
}

/** Parses a Graph answer; throws the typed error for an error envelope or a non-JSON failure. */
function parseGraphBody(response: HttpResponse): unknown {
	const text = new TextDecoder().decode(response.body);
	let parsed: unknown;
	try {
		parsed = text.length ? JSON.parse(text) : {};
	} catch {
		if (response.status >= 400) throw new UnexpectedResponseError(response.status, text);
		return text;
	}
	const error = (parsed as { error?: GraphErrorBody } | null)?.error;
	if (error && typeof error === 'object') throw new GraphApiError(response.status, error, response.headers, parsed);
	if (response.status >= 400) throw new UnexpectedResponseError(response.status, text);
	return parsed;
}

/**
 * The parts as multipart/form-data, encoded by the platform's own FormData: names and file names
 * are escaped as browsers escape them (", CR and LF become %22, %0D, %0A), so a file name taken
 * from a flow cannot add a header or a part; text values' line breaks become CRLF, as in an HTML
 * form. A part with a file name, or with bytes, is a file.
 */
async function encodeMultipart(parts: MultipartPart[]): Promise<{ contentType: string; body: Uint8Array }> {
	const form = new FormData();
	for (const part of parts) {
		if (part.filename === undefined && typeof part.value === 'string') form.append(part.name, part.value);
		// Files arrive as Buffers or plain Uint8Arrays, never on a SharedArrayBuffer.
		else form.append(part.name, new Blob([part.value as string | Uint8Array<ArrayBuffer>], { type: part.contentType }), part.filename);
	}
	const encoded = new Response(form);
	return { contentType: encoded.headers.get('content-type')!, body: new Uint8Array(await encoded.arrayBuffer()) };
}
