import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, personalPaths } from '../src/index.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

const PERSON = { name: 'Priya Shah', email: 'priya.shah@example.org', phone: '07700 900123' };

describe('createLogger', () => {
  it('redacts personal fields at every depth a payload could carry them', () => {
    const { lines, stream } = capture();
    const log = createLogger({ name: 'test', destination: stream, level: 'info' });
    log.info(PERSON, 'top level');
    log.info({ ambassador: { id: 'A1', ...PERSON } }, 'one level down');
    log.info({ job: { data: { ambassador: { ...PERSON } } } }, 'three levels down');
    log.info({ batch: { rows: { first: { ambassador: { ...PERSON } } } } }, 'four levels down');
    const out = lines.join('');
    for (const value of Object.values(PERSON)) expect(out).not.toContain(value);
    expect(out).toContain('A1');
    expect(out.match(/\[personal data redacted\]/g)?.length).toBe(12);
  });

  it('writes structured JSON with the service name and level', () => {
    const { lines, stream } = capture();
    createLogger({ name: 'intake', destination: stream }).warn({ request_id: 'R1' }, 'duplicate');
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ service: 'intake', level: 40, request_id: 'R1', msg: 'duplicate' });
  });

  it('lists the personal fields from the domain schema', () => {
    expect(personalPaths()).toContain('email');
    expect(personalPaths()).toContain('*.*.phone');
  });
});
