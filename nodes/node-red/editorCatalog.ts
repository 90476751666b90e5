import { operationsOf } from '../shared/catalog';
import { describeCatalog } from '../shared/catalog/describe';
import { manageResources } from '../shared/catalog/manage';

/** What the editors draw their forms from: the same catalog the runtime validates with. */
export function editorCatalog() {
	const sendOperations = [...operationsOf('message'), ...operationsOf('media')].map((op) => `${op.resource}.${op.operation}`);
	// The manage node (account management) offers the resources of issue 6 from the same catalog.
	return { ...describeCatalog(), sendOperations, manageResources: manageResources.map((r) => r.name) };
}
