/**
 * A JSON reader that remembers where each value stands in the text (1-based lines and columns),
 * so that validation errors can point at the line and the path, as Meta's Flows API does.
 */

export interface Span {
	line_start: number;
	line_end: number;
	column_start: number;
	column_end: number;
}

export interface Located {
	value: unknown;
	/** By path as Meta writes it: `screens[0].layout.children[1].type`; the root is ''. */
	spans: Map<string, Span>;
}

export class JsonSyntaxError extends Error {
	constructor(
		message: string,
		readonly span: Span,
	) {
		super(message);
	}
}

export function readLocated(text: string): Located {
	const spans = new Map<string, Span>();
	let at = 0;
	const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
	const position = (offset: number) => {
		let low = 0;
		let high = lineStarts.length - 1;
		while (low < high) {
			const middle = (low + high + 1) >> 1;
			if (lineStarts[middle] <= offset) low = middle;
			else high = middle - 1;
		}
		return { line: low + 1, column: offset - lineStarts[low] + 1 };
	};
	const span = (from: number, to: number): Span => {
		const a = position(from);
		const b = position(Math.max(from, to - 1));
		return { line_start: a.line, line_end: b.line, column_start: a.column, column_end: b.column + 1 };
	};
	const fail = (what: string): never => {
		throw new JsonSyntaxError(`Invalid JSON: ${what}`, span(at, at + 1));
	};
	const skip = () => {
		while (/\s/.test(text[at] ?? '')) at++;
	};
	const literal = (word: string, value: unknown) => {
		if (text.startsWith(word, at)) {
			at += word.length;
			return value;
		}
		return fail(`unexpected character ${JSON.stringify(text[at] ?? 'end of input')}`);
	};
	const string = (): string => {
		const start = at;
		at++;
		while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
		if (text[at] !== '"') fail('unterminated string');
		at++;
		return JSON.parse(text.slice(start, at)) as string;
	};
	const value = (path: string): unknown => {
		skip();
		const start = at;
		let result: unknown;
		const char = text[at];
		if (char === '{') {
			at++;
			const object: Record<string, unknown> = {};
			skip();
			if (text[at] === '}') at++;
			else {
				for (;;) {
					skip();
					if (text[at] !== '"') fail('expected a property name');
					const key = string();
					skip();
					if (text[at] !== ':') fail('expected ":"');
					at++;
					object[key] = value(path ? `${path}.${key}` : key);
					skip();
					if (text[at] === ',') at++;
					else if (text[at] === '}') {
						at++;
						break;
					} else fail('expected "," or "}"');
				}
			}
			result = object;
		} else if (char === '[') {
			at++;
			const array: unknown[] = [];
			skip();
			if (text[at] === ']') at++;
			else {
				for (;;) {
					array.push(value(`${path}[${array.length}]`));
					skip();
					if (text[at] === ',') at++;
					else if (text[at] === ']') {
						at++;
						break;
					} else fail('expected "," or "]"');
				}
			}
			result = array;
		} else if (char === '"') result = string();
		else if (char === 't') result = literal('true', true);
		else if (char === 'f') result = literal('false', false);
		else if (char === 'n') result = literal('null', null);
		else {
			const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
			if (!number) fail(`unexpected character ${JSON.stringify(char ?? 'end of input')}`);
			at += number![0].length;
			result = Number(number![0]);
		}
		spans.set(path, span(start, at));
		return result;
	};
	const root = value('');
	skip();
	if (at < text.length) fail('unexpected text after the JSON value');
	return { value: root, spans };
}
