/** The answer to a send: `{messaging_product, contacts: [{input, wa_id}], messages: [{id}]}`. */
interface SendAnswer {
	contacts?: Array<{ input?: string; wa_id?: string }>;
	messages?: Array<{ id?: string; message_status?: string }>;
}

/** Keeps Meta's answer to a send and lifts the two values every flow needs to the top. */
export function sendOutput(data: unknown) {
	const answer = data as SendAnswer;
	return {
		messageId: answer.messages?.[0]?.id,
		waId: answer.contacts?.[0]?.wa_id,
		...(answer.messages?.[0]?.message_status ? { messageStatus: answer.messages[0].message_status } : {}),
		...(data as object),
	};
}

/** `{success: true}` answers become a clearer item that still says what happened. */
export const succeeded = (extra: Record<string, unknown>) => (data: unknown) => ({
	success: (data as { success?: boolean }).success ?? true,
	...extra,
});
