/*
 * Draws a WhatsApp node's form from the operation catalog (GET whatsapp-platform/catalog): one row
 * per parameter with a one-line hint (the full text is in the help sidebar), and fields that depend
 * on another shown only while it has the right value. A field that can come from the message is a
 * typedInput: its literal type, or msg, flow, global, env or a JSONata expression, saved in the
 * node's paramTypes and read per message by the runtime. The send and manage nodes share it;
 * Node-RED serves this folder to the editor. Send Template's placeholder rows are template-fields.js's.
 */
(function () {
	'use strict';

	var FROM_MESSAGE = ['msg', 'flow', 'global', 'env', 'jsonata'];

	/** A text field's literal: written in a textarea below the typedInput, since an input drops line breaks. */
	var MULTILINE_TEXT = { value: 'str', label: 'text', icon: 'red/images/typedInput/az.svg', hasValue: false };

	/** The typedInput types of a parameter, its literal type first; undefined for a plain select. */
	function typesOf(param) {
		switch (param.type) {
			case 'options':
				return undefined;
			case 'file':
				return ['msg'];
			case 'number':
				return ['num'].concat(FROM_MESSAGE);
			case 'boolean':
				return ['bool'].concat(FROM_MESSAGE);
			case 'json':
			case 'templateParameters':
				return ['json', 'msg', 'flow', 'global', 'jsonata'];
			case 'text':
				return [MULTILINE_TEXT].concat(FROM_MESSAGE);
			default:
				return ['str'].concat(FROM_MESSAGE);
		}
	}

	function literalType(param) {
		var first = typesOf(param)[0];
		return typeof first === 'string' ? first : first.value;
	}

	/**
	 * The form's hint: the first sentence of a help text (its Node-RED part where it speaks of both
	 * hosts), past "e.g." and a one-word "Optional.".
	 */
	function hintOf(help) {
		var text = String(help || '');
		var nodeRed = text.split('Node-RED: ')[1];
		if (nodeRed) text = nodeRed.charAt(0).toUpperCase() + nodeRed.slice(1);
		var end = /\.(\s|$)/g;
		var match;
		while ((match = end.exec(text))) {
			var sentence = text.slice(0, match.index + 1);
			if (!/\b(e\.g|i\.e)\.$/.test(sentence) && /\s/.test(sentence.trim())) return sentence.trim();
		}
		return text.trim();
	}

	function hint(text, title) {
		return $('<div class="whatsapp-hint"></div>')
			.css({ marginLeft: '105px', marginTop: '2px', fontSize: '0.85em', color: 'var(--red-ui-secondary-text-color, #888)', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' })
			.attr('title', title)
			.text(text);
	}

	function select(param, value) {
		var $select = $('<select style="width:70%"></select>');
		(param.options || []).forEach(function (o) { $('<option>').val(o.value).text(o.label).appendTo($select); });
		return $select.val(value === undefined || value === null ? '' : value);
	}

	/** The row's typedInput, set to the saved value and type (the literal type when none was saved). */
	function typed($row, id, param, value, type) {
		var literal = literalType(param);
		var current = type || literal;
		var text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
		var $input = $('<input type="text" style="width:70%">').attr('id', id).attr('placeholder', param.placeholder || (param.type === 'dateTime' ? '2026-11-01 or 2026-11-01T09:30:00Z' : '')).appendTo($row);
		$input.val(param.type === 'text' && current === literal ? '' : text);
		$input.typedInput({ types: typesOf(param), default: current });
		if (param.type === 'text') {
			var $text = $('<textarea rows="3" class="whatsapp-text"></textarea>').css({ width: '70%', marginLeft: '105px', marginTop: '4px' }).attr('id', id + '-text');
			$text.val(current === literal ? text : '').appendTo($row);
		}
		if (param.type === 'phoneNumberId' || param.type === 'template') {
			// Suggestions from the deployed account, as n8n's lists; typing a value stays possible.
			$('<datalist></datalist>').attr('id', id + '-list').appendTo($row);
		}
		function retype() {
			var literalNow = $input.typedInput('type') === literal;
			$row.find('.whatsapp-text').toggle(literalNow);
			$row.find('.red-ui-typedInput-input').attr('list', literalNow && $row.find('datalist').length ? id + '-list' : null);
		}
		$input.on('change', retype);
		retype();
		return $input;
	}

	/** A file travels in msg.payload: a file field with a default (n8n's binary property, data) starts there. */
	function defaultOf(param) {
		return param.type === 'file' && param.default !== undefined ? 'payload' : param.default;
	}

	function row(param, values, types) {
		var id = 'node-input-param-' + param.name;
		var $row = $('<div class="form-row whatsapp-param"></div>').attr('data-param', param.name);
		$('<label></label>').attr('for', id).attr('title', param.help).text(param.label).appendTo($row);
		var value = values[param.name] !== undefined ? values[param.name] : defaultOf(param);
		if (typesOf(param)) typed($row, id, param, value, types[param.name]);
		else select(param, value).attr('id', id).appendTo($row);
		$row.find('#' + id).data('whatsapp-param', param);
		hint(hintOf(param.help), param.help).appendTo($row);
		return $row;
	}

	/** A field's value as the form holds it, with whether it is known in the editor (a literal). */
	function fieldOf(name) {
		var $input = $('#node-input-param-' + name);
		var param = $input.data('whatsapp-param');
		if (!param) return { known: false };
		if (!typesOf(param)) return { known: true, type: 'str', value: $input.val() };
		var type = $input.typedInput('type');
		var value = param.type === 'text' && type === literalType(param) ? $('#node-input-param-' + name + '-text').val() : $input.typedInput('value');
		if (type !== literalType(param)) return { known: false, type: type, value: value };
		return { known: true, type: type, value: type === 'bool' ? value === 'true' : value };
	}

	/** A field that depends on one read per message stays shown: the message decides. */
	function toggle($fields, operation) {
		operation.params.forEach(function (param) {
			var shown = Object.keys(param.showWhen || {}).every(function (other) {
				var field = fieldOf(other);
				return !field.known || param.showWhen[other].indexOf(field.value) >= 0;
			});
			$fields.find('[data-param="' + param.name + '"]').toggle(shown);
			if (param.type === 'templateParameters') $fields.find('.whatsapp-template-fields').toggle(shown);
		});
	}

	function hasTemplateParameters(operation) {
		return operation.params.some(function (param) { return param.type === 'templateParameters'; });
	}

	function notice(text) {
		return $('<div class="form-tips whatsapp-notice"></div>').text(text);
	}

	function fill($list, entries) {
		$list.empty();
		entries.forEach(function (e) { $('<option>').val(e.value).text(e.label).appendTo($list); });
	}

	/**
	 * Fills the phone number and template suggestions through the deployed account the form points
	 * at; picking a template (or the language of one picked by name) draws its placeholder rows.
	 */
	function lookups($fields) {
		var account = $('#node-input-account').val();
		if (!account || account === '_ADD_') return;
		var $numbers = $fields.find('#node-input-param-phoneNumberId-list');
		if ($numbers.length) $.getJSON('whatsapp-platform/' + account + '/phone-numbers', function (numbers) { fill($numbers, numbers); });
		var $templates = $fields.find('#node-input-param-template-list');
		if ($templates.length) {
			$.getJSON('whatsapp-platform/' + account + '/templates', function (templates) {
				fill($templates, templates);
				var pick = function () { WhatsAppTemplateFields.pick($fields, templates, fieldOf('template'), fieldOf('language')); };
				$('#node-input-param-template, #node-input-param-language').off('change.whatsapp').on('change.whatsapp', pick);
				// A suggestion picked from the list is an input event; change comes only when the field is left.
				$fields.find('[data-param="template"] .red-ui-typedInput-input').off('input.whatsapp').on('input.whatsapp', pick);
				pick();
			});
		}
	}

	window.WhatsAppPlatformForm = {
		/** A one-line hint under a field, its full text on hover. */
		hint: hint,
		/** The names of the resources a node offers (node-red-send, node-red-manage), in catalog order. */
		resourcesOf: function (catalog, node) {
			return catalog.resources.filter(function (r) { return r.offeredBy.indexOf(node) >= 0; }).map(function (r) { return r.name; });
		},
		/**
		 * Replaces the rows in $fields with the operation's, filled from the node's params and
		 * paramTypes: its one-line description, the notices of its resource and its own, then its fields.
		 */
		draw: function ($fields, operation, node, catalog) {
			$fields.empty();
			$fields.data('operation', operation);
			if (!operation) return;
			hint(hintOf(operation.help), operation.help).css({ marginTop: '-8px', marginBottom: '12px' }).appendTo($fields);
			var resource = catalog.resources.find(function (r) { return r.name === operation.resource; });
			if (resource && resource.notice) notice(resource.notice).appendTo($fields);
			if (operation.notice) notice(operation.notice).appendTo($fields);
			operation.params.forEach(function (param) { $fields.append(row(param, node.params || {}, node.paramTypes || {})); });
			if (hasTemplateParameters(operation)) WhatsAppTemplateFields.draw($fields, node);
			$fields.find('input, select, textarea').on('change', function () { toggle($fields, operation); });
			toggle($fields, operation);
			lookups($fields);
			$('#node-input-account').off('change.whatsapp').on('change.whatsapp', function () { lookups($fields); });
		},
		/**
		 * Saves the shown fields into the node: params (the values; empty fields left out) and
		 * paramTypes (for the fields read per message). Before the catalog arrived, the node keeps its own.
		 */
		save: function ($fields, node) {
			if (!$fields.data('operation')) return;
			var params = {};
			var types = {};
			$fields.find('.whatsapp-param').filter(function () { return this.style.display !== 'none'; }).each(function () {
				var name = $(this).attr('data-param');
				var field = fieldOf(name);
				if (field.value === '' || field.value === undefined || field.value === null) return;
				params[name] = field.value;
				if (!field.known) types[name] = field.type;
			});
			node.params = params;
			node.paramTypes = types;
		},
	};
})();
