import type { GraphEmulator } from '../server';
import type { Flow } from './store';

/** The `flows` webhook field (Meta's "Flows Webhooks" page): status changes, creation included. */
export class FlowEvents {
	constructor(private readonly emulator: GraphEmulator) {}

	statusChange(flow: Flow, oldStatus: Flow['status'] | undefined) {
		const from = oldStatus ? ` from ${oldStatus}` : '';
		this.emulator.webhooks.sendAfterAnswer([
			{
				field: 'flows',
				value: {
					event: 'FLOW_STATUS_CHANGE',
					message: `Flow ${flow.name} changed status${from} to ${flow.status}`,
					flow_id: flow.id,
					...(oldStatus ? { old_status: oldStatus } : {}),
					new_status: flow.status,
				},
			},
		]);
	}
}
