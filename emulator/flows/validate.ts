import { JsonSyntaxError, readLocated, type Span } from './positions';

/**
 * The emulator's own reading of Meta's Flow JSON reference, written apart from the package's local
 * checks (it is the oracle they are tested against): what it finds comes back as the Flows API's
 * `validation_errors`, each with the line, the columns and the path it is about.
 */

export interface FlowValidationError extends Span {
	error: string;
	error_type: 'FLOW_JSON_ERROR' | 'JSON_SCHEMA_ERROR';
	message: string;
	pointers: Array<Span & { path: string }>;
}

/** The Flow JSON versions the emulator accepts (Meta's Flow JSON changelog; expired ones refused). */
export const FLOW_JSON_VERSIONS = ['3.0', '3.1', '4.0', '5.0', '5.1', '6.0', '6.1', '6.2', '6.3', '7.0', '7.1', '7.2', '7.3'];
const DATA_API_VERSIONS = ['3.0', '4.0'];
const COMPONENTS = new Set([
	'TextHeading', 'TextSubheading', 'TextBody', 'TextCaption', 'RichText', 'TextInput', 'TextArea', 'CheckboxGroup',
	'RadioButtonsGroup', 'Footer', 'OptIn', 'Dropdown', 'EmbeddedLink', 'DatePicker', 'CalendarPicker', 'Image',
	'PhotoPicker', 'DocumentPicker', 'If', 'Switch', 'NavigationList', 'ChipsSelector', 'ImageCarousel', 'Form',
]);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface ParsedFlowJson {
	json?: Json;
	errors: FlowValidationError[];
}

export function validateFlowJson(text: string): ParsedFlowJson {
	let located;
	try {
		located = readLocated(text);
	} catch (error) {
		if (!(error instanceof JsonSyntaxError)) throw error;
		return { errors: [{ error: 'INVALID_JSON', error_type: 'JSON_SCHEMA_ERROR', message: error.message, ...error.span, pointers: [{ ...error.span, path: '' }] }] };
	}
	const errors: FlowValidationError[] = [];
	const root = located.value;
	const whole = located.spans.get('')!;
	const report = (error: string, type: FlowValidationError['error_type'], message: string, path: string) => {
		const span = located.spans.get(path) ?? located.spans.get(path.replace(/(\.[^.[\]]+|\[\d+\])$/, '')) ?? whole;
		errors.push({ error, error_type: type, message, ...span, pointers: [{ ...span, path }] });
	};
	if (!isObject(root)) {
		report('INVALID_PROPERTY_VALUE', 'JSON_SCHEMA_ERROR', 'The Flow JSON must be an object.', '');
		return { errors };
	}
	const missing = (key: string, at = '') => report('MISSING_REQUIRED_PROPERTY', 'JSON_SCHEMA_ERROR', `Missing required property '${key}'${at ? ` at '${at}'` : ''}.`, at);
	const invalid = (message: string, path: string) => report('INVALID_PROPERTY_VALUE', 'FLOW_JSON_ERROR', message, path);

	const version = root.version;
	if (version === undefined) missing('version');
	else if (typeof version !== 'string' || !FLOW_JSON_VERSIONS.includes(version)) invalid(`Invalid value found for property 'version': ${JSON.stringify(version)} is not a supported Flow JSON version.`, 'version');
	if (root.data_channel_uri !== undefined && typeof version === 'string' && Number(version) >= 3) {
		invalid("Property 'data_channel_uri' is not supported from Flow JSON version 3.0: set endpoint_uri through the Flows API.", 'data_channel_uri');
	}
	if (root.data_api_version !== undefined && !DATA_API_VERSIONS.includes(root.data_api_version as string)) {
		invalid(`Invalid value found for property 'data_api_version': ${JSON.stringify(root.data_api_version)}.`, 'data_api_version');
	}

	const screens = root.screens;
	const ids: string[] = [];
	if (screens === undefined) missing('screens');
	else if (!Array.isArray(screens) || screens.length === 0) invalid("Property 'screens' must be a non-empty array.", 'screens');
	else {
		screens.forEach((screen, index) => {
			const at = `screens[${index}]`;
			if (!isObject(screen)) return invalid('A screen must be an object.', at);
			if (typeof screen.id !== 'string' || !screen.id) return missing('id', at);
			if (screen.id === 'SUCCESS') invalid("Screen id 'SUCCESS' is reserved and cannot be used.", `${at}.id`);
			else if (ids.includes(screen.id)) invalid(`Duplicate screen id '${screen.id}'.`, `${at}.id`);
			ids.push(screen.id);
			checkLayout(screen.layout, `${at}.layout`);
		});
		if (!screens.some((screen) => isObject(screen) && screen.terminal === true)) invalid('The Flow must have at least one terminal screen (terminal: true).', 'screens');
	}

	function checkLayout(layout: unknown, at: string) {
		if (layout === undefined) return missing('layout', at.replace(/\.layout$/, ''));
		if (!isObject(layout)) return invalid('A layout must be an object.', at);
		if (layout.type !== 'SingleColumnLayout') invalid(`Invalid value found for property 'type' at '${at}': expected SingleColumnLayout.`, `${at}.type`);
		if (!Array.isArray(layout.children)) return missing('children', at);
		checkChildren(layout.children, `${at}.children`);
	}

	function checkChildren(children: unknown[], at: string) {
		children.forEach((child, index) => {
			const path = `${at}[${index}]`;
			if (!isObject(child) || typeof child.type !== 'string') return missing('type', path);
			if (!COMPONENTS.has(child.type)) return invalid(`Invalid value found for property 'type' at '${path}': unknown component ${JSON.stringify(child.type)}.`, `${path}.type`);
			if (Array.isArray(child.children)) checkChildren(child.children, `${path}.children`);
		});
	}

	const routing = root.routing_model;
	if (routing === undefined) {
		if (root.data_api_version !== undefined) missing('routing_model');
	} else if (!isObject(routing)) invalid("Property 'routing_model' must be an object of screen ids.", 'routing_model');
	else {
		for (const [from, targets] of Object.entries(routing)) {
			if (!ids.includes(from)) invalid(`Routing model refers to the unknown screen '${from}'.`, `routing_model.${from}`);
			if (!Array.isArray(targets)) {
				invalid(`Routes of '${from}' must be an array of screen ids.`, `routing_model.${from}`);
				continue;
			}
			targets.forEach((target, index) => {
				if (typeof target !== 'string' || !ids.includes(target)) invalid(`Routing model refers to the unknown screen ${JSON.stringify(target)}.`, `routing_model.${from}[${index}]`);
			});
		}
	}
	return { json: root, errors };
}
