import { GraphError, invalidParameter } from '../graphError';
import type { GraphEmulator } from '../server';
import type { EndpointRequest, Flow } from './store';

/**
 * The Flows Metrics API (Meta's "Metrics API" page): `metric.name(N).granularity(G).since(D).until(D)`,
 * computed from the requests the client simulator made to the Flow's endpoint. Under 250 requests
 * the platform answers that there is not enough data.
 */

const MIN_REQUESTS = 250;
const GRANULARITIES: Record<string, number> = { DAY: 86_400_000, HOUR: 3_600_000 };
const LATENCY_BUCKETS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '10+'];

const METRICS: Record<string, (requests: EndpointRequest[]) => Array<{ key: string; value: number }>> = {
	ENDPOINT_REQUEST_COUNT: (requests) => [{ key: 'value', value: requests.length }],
	ENDPOINT_REQUEST_ERROR: (requests) => [
		{ key: 'timeout_error', value: requests.filter((r) => r.status === 0 && r.latencyMs >= 10_000).length },
		{ key: 'unexpected_http_status_code', value: requests.filter((r) => r.status !== 0 && r.status !== 200).length },
		{ key: 'cannot_be_served', value: requests.filter((r) => r.status === 200 && r.unusable).length },
		{ key: 'no_http_response_error', value: requests.filter((r) => r.status === 0 && r.latencyMs < 10_000).length },
	],
	ENDPOINT_REQUEST_ERROR_RATE: (requests) => [{ key: 'value', value: requests.length ? requests.filter(failed).length / requests.length : 0 }],
	ENDPOINT_REQUEST_LATENCY_SECONDS_CEIL: (requests) =>
		LATENCY_BUCKETS.map((key, index) => ({ key, value: requests.filter((r) => bucketOf(r.latencyMs) === index).length })),
	ENDPOINT_AVAILABILITY: (requests) => [
		{ key: 'succeeded', value: requests.filter((r) => !failed(r)).length },
		{ key: 'failed', value: requests.filter(failed).length },
	],
};

const failed = (r: EndpointRequest) => r.status !== 200 || r.unusable === true;
const bucketOf = (ms: number) => Math.min(Math.max(Math.ceil(ms / 1000), 1), 11) - 1;
const argument = (field: string, name: string) => new RegExp(`\\.${name}\\(([^)]*)\\)`).exec(field)?.[1];

export function flowMetric(emulator: GraphEmulator, flow: Flow, field: string) {
	const name = argument(field, 'name');
	const granularity = argument(field, 'granularity') ?? 'DAY';
	if (!name || !METRICS[name]) throw invalidParameter(`metric.name must be one of {${Object.keys(METRICS).join(', ')}}.`);
	if (!GRANULARITIES[granularity] && granularity !== 'LIFETIME') throw invalidParameter('metric.granularity must be one of {DAY, HOUR, LIFETIME}.');
	if (flow.endpointRequests.length < MIN_REQUESTS) {
		throw new GraphError(100, 'Invalid parameter', `Not enough data: the Flow's endpoint had ${flow.endpointRequests.length} requests, metrics need at least ${MIN_REQUESTS}.`);
	}
	const now = emulator.clock.now();
	const since = Date.parse(argument(field, 'since') ?? '') || now - 30 * 86_400_000;
	const until = (Date.parse(argument(field, 'until') ?? '') || now) + 86_400_000;
	const inWindow = flow.endpointRequests.filter((r) => r.at >= since && r.at < until);
	const step = GRANULARITIES[granularity];
	const buckets = new Map<number, EndpointRequest[]>();
	for (const request of inWindow) {
		const start = step ? Math.floor(request.at / step) * step : since;
		buckets.set(start, [...(buckets.get(start) ?? []), request]);
	}
	const data_points = [...buckets.entries()].sort(([a], [b]) => a - b).map(([start, requests]) => ({ timestamp: new Date(start).toISOString().replace('.000Z', '+0000'), data: METRICS[name](requests) }));
	return { granularity, name, data_points };
}
