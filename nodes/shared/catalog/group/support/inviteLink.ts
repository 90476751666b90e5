/** `{messaging_product, invite_link}` with the link lifted to `inviteLink`. */
export function inviteLinkOutput(data: unknown) {
	return { inviteLink: (data as { invite_link?: string }).invite_link, ...(data as object) };
}
