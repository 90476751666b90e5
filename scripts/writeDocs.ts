import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCodesMarkdown } from './errorCodesDoc';
import { operationsMarkdown } from './operationsDoc';

const docs = join(__dirname, '..', 'docs');
writeFileSync(join(docs, 'operations.md'), operationsMarkdown());
writeFileSync(join(docs, 'error-codes.md'), errorCodesMarkdown());
