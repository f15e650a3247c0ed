// Parses and validates an AsyncAPI document (and the schema files it references) as @asyncapi/cli validate does;
// prints every diagnostic and exits 1 on any error. Usage: node validate-asyncapi.mjs docs/asyncapi.yaml
import { Parser, fromFile } from '@asyncapi/parser';

const file = process.argv[2];
const { document, diagnostics } = await fromFile(new Parser(), file).parse();
const severities = ['error', 'warning', 'information', 'hint'];
for (const d of diagnostics) console.log(`${severities[d.severity]} ${d.code}: ${d.message} at /${d.path.join('/')}`);
const errors = diagnostics.filter(d => d.severity === 0).length;
if (!document || errors > 0) {
  console.log(`${file}: ${errors} error(s)`);
  process.exit(1);
}
console.log(`${file}: valid AsyncAPI ${document.version()}, ${document.allMessages().length} messages`);
