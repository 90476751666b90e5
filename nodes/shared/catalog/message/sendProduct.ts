import { LIMITS } from '../../validation/limits';
import { text } from '../../validation/rules';
import { sendOutput } from '../support/outputs';
import { sendParams, type SendEnvelope } from '../support/sendEnvelope';
import { defineOperation } from '../types';
import { footerParam, interactiveFromCloudApi, interactiveRequest, optionalBodyParam } from './support/interactive';
import { FREE_FORM_NOTICE } from './support/notices';
import { catalogIdParam } from './support/products';

interface SendProductParams extends SendEnvelope {
	body?: string;
	footer?: string;
	catalogId: string;
	productRetailerId: string;
}

export const sendProduct = defineOperation<SendProductParams>({
	operation: 'sendProduct',
	label: 'Send Product',
	action: 'Send a single product',
	help: 'Sends one product of the connected catalog.',
	notice: FREE_FORM_NOTICE,
	sends: 'products',
	params: sendParams({
		body: optionalBodyParam(LIMITS.interactiveBody),
		footer: footerParam,
		catalogId: catalogIdParam,
		productRetailerId: { label: 'Product Retailer ID', type: 'string', required: true, help: 'The product\'s retailer ID (SKU) in the catalog.', schema: text(1, 100) },
	}),
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	request: (params) =>
		interactiveRequest(params, 'product', {
			body: params.body,
			footer: params.footer,
			action: { catalog_id: params.catalogId, product_retailer_id: params.productRetailerId },
		}),
	output: sendOutput,
	fromCloudApi: (payload) => {
		const read = interactiveFromCloudApi(payload, 'product');
		return read && { ...read.values, catalogId: read.action.catalog_id, productRetailerId: read.action.product_retailer_id };
	},
});
