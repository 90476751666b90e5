/*
 * Send Template's placeholder rows in the Node-RED send form, as n8n's resource mapper shows them:
 * once a template is picked from the account's approved templates, one row per placeholder (header
 * media or text, body parameters by name or position, button values, the one-time password). Each
 * row is a typedInput (text, or msg, flow, global, env or JSONata read per message), saved in the
 * node's templateFields and templateFieldTypes; the runtime joins them with the Template Parameters
 * object, a row winning for its key (nodes/node-red/templateFields.ts). catalog-form.js calls it
 * for the operations with Template Parameters; the send node loads both.
 */
(function () {
	'use strict';

	var TYPES = ['str', 'msg', 'flow', 'global', 'env', 'jsonata'];

	function box($fields) {
		return $fields.find('.whatsapp-template-fields');
	}

	/** The rows' values by placeholder, as {value, type}. */
	function rowValues($fields) {
		var values = {};
		box($fields).find('.whatsapp-template-field').each(function () {
			var $input = $(this).find('input.whatsapp-template-input');
			values[$(this).attr('data-field')] = { value: $input.typedInput('value'), type: $input.typedInput('type') };
		});
		return values;
	}

	function row(field, index, saved) {
		var id = 'node-input-template-field-' + index;
		var $row = $('<div class="form-row whatsapp-template-field"></div>').attr('data-field', field.id);
		$('<label></label>').attr('for', id).attr('title', field.label).text(field.label).appendTo($row);
		var $input = $('<input type="text" class="whatsapp-template-input" style="width:70%">').attr('id', id).appendTo($row);
		$input.attr('placeholder', field.required ? 'required' : 'optional').val(saved ? saved.value : '');
		$input.typedInput({ types: TYPES, default: saved ? saved.type : 'str' });
		if (field.help) WhatsAppPlatformForm.hint(field.help + ' (' + field.id + ')', field.help).appendTo($row);
		return $row;
	}

	/**
	 * Replaces the rows with one per field, each with the value its placeholder had in this dialog
	 * (a template picked in between does not lose what was typed for another).
	 */
	function render($fields, fields, values, title) {
		var $box = box($fields);
		var typed = $.extend($box.data('typed') || {}, values);
		$box.empty().data('typed', typed);
		if (!fields.length) return;
		WhatsAppPlatformForm.hint(title, title).css({ marginLeft: 0, marginBottom: '6px' }).appendTo($box);
		fields.forEach(function (field, index) { $box.append(row(field, index, typed[field.id])); });
	}

	window.WhatsAppTemplateFields = {
		/** Rows for the placeholders the node saved, named by key until the template's own fields arrive. */
		draw: function ($fields, node) {
			var $box = $('<div class="whatsapp-template-fields"></div>');
			$fields.find('[data-param="templateParameters"]').before($box);
			var saved = node.templateFields || {};
			var types = node.templateFieldTypes || {};
			var values = {};
			var fields = Object.keys(saved).map(function (id) {
				values[id] = { value: typeof saved[id] === 'string' ? saved[id] : JSON.stringify(saved[id]), type: types[id] || 'str' };
				return { id: id, label: id, required: true };
			});
			render($fields, fields, values, 'Placeholders');
		},
		/**
		 * The picked template's placeholders as rows: by name|language, or by name in the Language
		 * field's language. A template read from the message, or one the account does not list,
		 * keeps the rows as they are.
		 */
		pick: function ($fields, templates, template, language) {
			if (!template.known) return;
			var picked = templates.find(function (t) {
				return t.value === template.value || (language.known && t.value === template.value + '|' + language.value);
			});
			// The same template again (its field left, its language confirmed) keeps the rows being filled.
			if (!picked || box($fields).data('template') === picked.value) return;
			render($fields, picked.fields, rowValues($fields), 'Placeholders of ' + picked.label + '; the JSON below gives any others');
			box($fields).data('template', picked.value);
		},
		/** Saves the filled rows in templateFields, and the types of those read per message in templateFieldTypes. */
		save: function ($fields, node) {
			var fields = {};
			var types = {};
			var $box = box($fields);
			if ($box.length && $box.css('display') !== 'none') {
				var values = rowValues($fields);
				Object.keys(values).forEach(function (id) {
					if (values[id].value === '') return;
					fields[id] = values[id].value;
					if (values[id].type !== 'str') types[id] = values[id].type;
				});
			}
			node.templateFields = fields;
			node.templateFieldTypes = types;
		},
	};
})();
