import { fileURLToPath } from 'node:url';
import { benchGeo } from './geo.js';
import { benchKpi } from './kpi.js';
import { benchLoad } from './load.js';
import { benchMatch } from './match.js';
import { benchReplay } from './replay.js';
import { benchReports } from './reports.js';
import { benchScaling } from './scaling.js';
import { benchService } from './service.js';
import { benchWhatIf } from './what-if.js';
import { benchWorkers } from './workers.js';

const DOCS = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
const BENCHES: Record<string, (docs: string, only?: string) => Promise<void>> = {
  geo: benchGeo,
  kpi: benchKpi,
  load: benchLoad,
  match: benchMatch,
  replay: benchReplay,
  reports: benchReports,
  scaling: benchScaling,
  service: benchService,
  'what-if': benchWhatIf,
  workers: benchWorkers,
};

const [name, only] = process.argv.slice(2);
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  console.error(`usage: pnpm bench <${Object.keys(BENCHES).join('|')}> [instance filter]`);
  process.exit(2);
}
await bench(DOCS, only);
