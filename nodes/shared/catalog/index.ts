import { analytics } from './analytics';
import { businessAccount } from './businessAccount';
import { businessProfile } from './businessProfile';
import { blockedUser } from './blockedUser';
import { call } from './call';
import { campaign } from './campaign';
import { consent } from './consent';
import { flow } from './flow';
import { group } from './group';
import { media } from './media';
import { message } from './message';
import { phoneNumber } from './phoneNumber';
import { subscription } from './subscription';
import { template } from './template';
import { upload } from './upload';
import type { CatalogOperation, OfferingNode } from './types';

/** The catalog: every resource, in the order the hosts list them, each with its operations. */
export const resources = [message, media, template, upload, phoneNumber, businessProfile, businessAccount, analytics, subscription, group, call, flow, consent, blockedUser, campaign] as const;

export type ResourceName = (typeof resources)[number]['name'];

/** Every operation, each declared once in its own file. */
export const operations: CatalogOperation[] = resources.flatMap((resource) => resource.operations);

export function findOperation(resource: string, operation: string): CatalogOperation | undefined {
	return operations.find((op) => op.resource === resource && op.operation === operation);
}

export function operationsOf(resource: ResourceName): readonly CatalogOperation[] {
	return resources.find((r) => r.name === resource)?.operations ?? [];
}

/** The resources a node offers, in catalog order. */
export function resourcesOfferedBy(node: OfferingNode) {
	return resources.filter((resource) => resource.offeredBy.includes(node));
}
