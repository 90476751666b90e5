import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { operationsMarkdown } from './operationsDoc';

writeFileSync(join(__dirname, '..', 'docs', 'operations.md'), operationsMarkdown());
