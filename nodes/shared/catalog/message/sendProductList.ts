import { z } from 'zod';
import { LIMITS } from '../../validation/limits';
import { text } from '../../validation/rules';
import { sendOutput } from '../support/outputs';
import { sendParams, type SendEnvelope } from '../support/sendEnvelope';
import { defineOperation } from '../types';
import { bodyParam, footerParam, interactiveFromCloudApi, interactiveRequest, requiredHeaderTextParam } from './support/interactive';
import { messagePartJson } from './support/messageObject';
import { FREE_FORM_NOTICE } from './support/notices';
import { catalogIdParam } from './support/products';
import { list } from './support/rules';

/** A product as `{product_retailer_id}` or just the retailer id. */
const item = z
	.union([z.string(), z.object({ product_retailer_id: z.unknown() })])
	.transform((value) => (typeof value === 'string' ? { product_retailer_id: value } : value))
	.pipe(z.object({ product_retailer_id: text(1, 100) }));

const section = z.object({ title: text(1, LIMITS.sectionTitle).optional(), product_items: list(item, 1, LIMITS.products, 'products') });

const sections = list(section, 1, LIMITS.productSections, 'sections').superRefine((value, ctx) => {
	const count = value.reduce((sum, s) => sum + s.product_items.length, 0);
	if (count > LIMITS.products) ctx.addIssue({ code: 'custom', message: `must have at most ${LIMITS.products} products in all sections together, got ${count}` });
	if (value.length > 1) {
		value.forEach((s, index) => {
			if (!s.title) ctx.addIssue({ code: 'custom', path: [index, 'title'], message: 'every section needs a title when there is more than one section' });
		});
	}
});

interface SendProductListParams extends SendEnvelope {
	headerText: string;
	body: string;
	footer?: string;
	catalogId: string;
	sections: Array<z.infer<typeof section>>;
}

export const sendProductList = defineOperation<SendProductListParams>({
	operation: 'sendProductList',
	label: 'Send Product List',
	action: 'Send a multi-product message',
	help: `Sends up to ${LIMITS.products} products of the connected catalog in up to ${LIMITS.productSections} sections.`,
	notice: FREE_FORM_NOTICE,
	sends: 'product lists',
	params: sendParams({
		headerText: requiredHeaderTextParam,
		body: bodyParam(LIMITS.interactiveBody),
		footer: footerParam,
		catalogId: catalogIdParam,
		sections: {
			label: 'Sections (JSON)',
			type: 'json',
			required: true,
			placeholder: '[{"title": "Popular", "product_items": ["SKU-1", "SKU-2"]}]',
			help: `[{"title", "product_items": [{"product_retailer_id"}]}]; retailer ids may be plain strings. At most ${LIMITS.products} products.`,
			schema: messagePartJson(sections),
		},
	}),
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	request: (params) =>
		interactiveRequest(params, 'product_list', {
			header: { type: 'text', text: params.headerText },
			body: params.body,
			footer: params.footer,
			action: { catalog_id: params.catalogId, sections: params.sections },
		}),
	output: sendOutput,
	fromCloudApi: (payload) => {
		const read = interactiveFromCloudApi(payload, 'product_list');
		if (!read) return undefined;
		return { ...read.values, headerText: (read.header as { text?: string } | undefined)?.text, catalogId: read.action.catalog_id, sections: read.action.sections };
	},
});
