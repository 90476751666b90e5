/*
 * Draws a WhatsApp node's form from the operation catalog (GET whatsapp-platform/catalog): one row
 * per parameter, and fields that depend on another shown only while it has the right value. The
 * send and manage nodes share it; Node-RED serves this folder to the editor.
 */
(function () {
	'use strict';

	function input(param, value) {
		var empty = value === undefined || value === null ? '' : value;
		if (param.type === 'boolean') return $('<input type="checkbox" style="width:auto">').prop('checked', value === true);
		if (param.type === 'text' || param.type === 'json' || param.type === 'templateParameters') {
			return $('<textarea rows="4" style="width:70%"></textarea>').val(empty);
		}
		if (param.type === 'options') {
			var $select = $('<select style="width:70%"></select>');
			(param.options || []).forEach(function (o) { $('<option>').val(o.value).text(o.label).appendTo($select); });
			return $select.val(empty);
		}
		var placeholder = param.placeholder || (param.type === 'dateTime' ? '2026-11-01 or 2026-11-01T09:30:00Z' : '');
		return $('<input style="width:70%">').attr('type', param.type === 'number' ? 'number' : 'text').attr('placeholder', placeholder).val(empty);
	}

	function row(param, values) {
		var id = 'node-input-param-' + param.name;
		var $row = $('<div class="form-row whatsapp-param"></div>').attr('data-param', param.name);
		$('<label></label>').attr('for', id).text(param.label).appendTo($row);
		var $input = input(param, values[param.name] !== undefined ? values[param.name] : param.default).attr('id', id).appendTo($row);
		if (param.type === 'phoneNumberId' || param.type === 'template') {
			// Suggestions from the deployed account, as n8n's lists; typing a value stays possible.
			$input.attr('list', id + '-list');
			$('<datalist></datalist>').attr('id', id + '-list').appendTo($row);
		}
		if (param.required && !param.fromAccount) $input.addClass('whatsapp-required');
		$('<div class="form-tips" style="margin-left:105px"></div>').text(param.help).appendTo($row);
		return $row;
	}

	function valueOf(name) {
		var $input = $('#node-input-param-' + name);
		return $input.is(':checkbox') ? $input.is(':checked') : $input.val();
	}

	function toggle($fields, operation) {
		operation.params.forEach(function (param) {
			var shown = Object.keys(param.showWhen || {}).every(function (other) {
				return param.showWhen[other].indexOf(valueOf(other)) >= 0;
			});
			$fields.find('[data-param="' + param.name + '"]').toggle(shown);
		});
	}

	function notice(text) {
		return $('<div class="form-tips whatsapp-notice"></div>').text(text);
	}

	window.WhatsAppPlatformForm = {
		/** The names of the resources a node offers (node-red-send, node-red-manage), in catalog order. */
		resourcesOf: function (catalog, node) {
			return catalog.resources.filter(function (r) { return r.offeredBy.indexOf(node) >= 0; }).map(function (r) { return r.name; });
		},
		/**
		 * Replaces the rows in $fields with the operation's, filled from values (the node's params),
		 * below the notices of its resource and its own.
		 */
		draw: function ($fields, operation, values, catalog) {
			$fields.empty();
			if (!operation) return;
			var resource = catalog.resources.find(function (r) { return r.name === operation.resource; });
			if (resource && resource.notice) notice(resource.notice).appendTo($fields);
			if (operation.notice) notice(operation.notice).appendTo($fields);
			operation.params.forEach(function (param) { $fields.append(row(param, values)); });
			$fields.find('input, select, textarea').on('change', function () { toggle($fields, operation); });
			toggle($fields, operation);
		},
		/** The values of the shown rows, as the node's params; empty fields are left out. */
		collect: function ($fields) {
			var params = {};
			$fields.find('.whatsapp-param').filter(function () { return this.style.display !== 'none'; }).each(function () {
				var name = $(this).attr('data-param');
				var value = valueOf(name);
				if (value !== '' && value !== undefined && value !== null) params[name] = value;
			});
			return params;
		},
	};
})();
