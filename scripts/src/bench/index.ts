import { fileURLToPath } from 'node:url';
import { benchGeo } from './geo.js';
import { benchLoad } from './load.js';
import { benchMatch } from './match.js';
import { benchReplay } from './replay.js';
import { benchReports } from './reports.js';
import { benchService } from './service.js';
import { benchWhatIf } from './what-if.js';

const DOCS = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
const BENCHES: Record<string, (docs: string, only?: string) => Promise<void>> = {
  geo: benchGeo,
  load: benchLoad,
  match: benchMatch,
  replay: benchReplay,
  reports: benchReports,
  service: benchService,
  'what-if': benchWhatIf,
};

const [name, only] = process.argv.slice(2);
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  console.error(`usage: pnpm bench <${Object.keys(BENCHES).join('|')}> [instance filter]`);
  process.exit(2);
}
await bench(DOCS, only);
