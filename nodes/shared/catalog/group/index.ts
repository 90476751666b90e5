import type { AnyOperation } from '../types';
import { approveJoinRequests } from './approveJoinRequests';
import { createGroup } from './create';
import { deleteGroup } from './delete';
import { getGroup } from './get';
import { getInviteLink } from './getInviteLink';
import { listGroups } from './list';
import { listJoinRequests } from './listJoinRequests';
import { pinMessage } from './pinMessage';
import { rejectJoinRequests } from './rejectJoinRequests';
import { removeParticipants } from './removeParticipants';
import { resetInviteLink } from './resetInviteLink';
import { unpinMessage } from './unpinMessage';
import { updateGroup } from './update';

/** The Group resource (§12), in the order the operation lists show it. */
export const groupOperations: AnyOperation[] = [
	createGroup,
	listGroups,
	getGroup,
	updateGroup,
	getInviteLink,
	resetInviteLink,
	removeParticipants,
	listJoinRequests,
	approveJoinRequests,
	rejectJoinRequests,
	deleteGroup,
	pinMessage,
	unpinMessage,
];
