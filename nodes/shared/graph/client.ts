import { GraphApiError, UnexpectedResponseError, type GraphErrorBody } from './errors';
import type { HttpResponse, Transport } from './transport';

export type QueryValue = string | number | boolean | undefined;

/** One Graph API call, as an operation of the catalog describes it. */
export interface GraphRequest {
	method: 'GET' | 'POST' | 'DELETE';
	/** Path below the version, without a leading slash: `{phone-number-id}/messages`. */
	path: string;
	query?: Record<string, QueryValue>;
	/** A JSON body, or a multipart form. */
	body?: unknown;
	multipart?: MultipartPart[];
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
		const headers: Record<string, string> = { accept: 'application/json' };
		let body: string | Uint8Array | undefined;
		if (request.multipart) {
			const form = encodeMultipart(request.multipart);
			headers['content-type'] = form.contentType;
			body = form.body;
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
export function parseGraphBody(response: HttpResponse): unknown {
	const text = new TextDecoder().decode(response.body);
	let parsed: unknown;
	try {
		parsed = text.length ? JSON.parse(text) : {};
	} catch {
		if (response.status >= 400) throw new UnexpectedResponseError(response.status, text);
		return text;
	}
	const error = (parsed as { error?: GraphErrorBody } | null)?.error;
	if (error && typeof error === 'object') throw new GraphApiError(response.status, error, response.headers);
	if (response.status >= 400) throw new UnexpectedResponseError(response.status, text);
	return parsed;
}

function encodeMultipart(parts: MultipartPart[]): { contentType: string; body: Uint8Array } {
	const boundary = `----flowpace${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;
	const encoder = new TextEncoder();
	const chunks: Uint8Array[] = [];
	for (const part of parts) {
		const disposition = part.filename
			? `form-data; name="${part.name}"; filename="${part.filename.replace(/"/g, '')}"`
			: `form-data; name="${part.name}"`;
		const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.contentType ? `Content-Type: ${part.contentType}\r\n` : ''}\r\n`;
		chunks.push(encoder.encode(head));
		chunks.push(typeof part.value === 'string' ? encoder.encode(part.value) : part.value);
		chunks.push(encoder.encode('\r\n'));
	}
	chunks.push(encoder.encode(`--${boundary}--\r\n`));
	const size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
	const body = new Uint8Array(size);
	let offset = 0;
	for (const chunk of chunks) {
		body.set(chunk, offset);
		offset += chunk.length;
	}
	return { contentType: `multipart/form-data; boundary=${boundary}`, body };
}
