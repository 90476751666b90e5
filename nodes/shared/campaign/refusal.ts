/** Why a send was refused before any request; the campaign report counts refusals by these. */
export type RefusalReason = 'validation' | 'consent' | 'blocked' | 'window' | 'messagingLimit' | 'quality';

/** A send the campaign guard refused before any request, with the reason a flow can branch on. */
export class CampaignRefusal extends Error {
	constructor(
		readonly reason: RefusalReason,
		message: string,
		readonly details: Record<string, unknown> = {},
	) {
		super(message);
		this.name = 'CampaignRefusal';
	}

	/** What a flow can branch on (n8n's error output, Node-RED's msg.error), without the stack. */
	toJSON() {
		return { refused: this.reason, ...this.details };
	}
}
