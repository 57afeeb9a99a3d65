// The deployment kit agrees with itself and with the server: the Dockerfile (multi-stage, non-root,
// health check on /healthz, data in a volume), compose.yaml (ports, volumes, environment names the
// server reads, the files it mounts, the addresses Prometheus, Alertmanager and Grafana are given)
// and the systemd unit. Containers cannot run here; production-install.e2e.test.ts runs the
// Dockerfile's install and start steps.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV_KEYS, serverConfigSchema } from '@vigil/server';
import { dockerEnv, dockerInstructions } from './dockerfile.js';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const instructions = dockerInstructions(read('Dockerfile'));
const runtime = instructions.filter((i) => i.stage === 'runtime');
const runtimeEnv = dockerEnv(instructions, 'runtime');
const configKeys = new Set(Object.keys(serverConfigSchema.shape));

interface ComposeService {
  build?: unknown;
  image?: string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: string[] | Record<string, unknown>;
  command?: string[];
}
const compose = parse(read('compose.yaml')) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };

describe('Dockerfile', () => {
  it('builds in stages and runs the last as a non-root user', () => {
    const stages = instructions.filter((i) => i.op === 'FROM').map((i) => i.stage);
    expect(stages).toEqual(['build', 'install', 'runtime']);
    expect(runtime.some((i) => i.op === 'COPY' && i.args.includes('--from=install'))).toBe(true);
    const user = runtime.filter((i) => i.op === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    // The user is made in the runtime stage.
    expect(runtime.some((i) => i.op === 'RUN' && i.args.includes(`useradd`) && i.args.includes(` ${user!}`))).toBe(true);
  });

  it('builds, packs and installs with the deploy scripts', () => {
    const runs = instructions.filter((i) => i.op === 'RUN').map((i) => `${i.stage}: ${i.args}`);
    expect(runs).toContain('build: npm ci --no-audit --no-fund');
    expect(runs).toContain('build: node deploy/pack-workspace.mjs /packs');
    expect(runs).toContain('install: sh deploy/install.sh /packs /app');
    const entry = JSON.parse(runtime.find((i) => i.op === 'ENTRYPOINT')!.args) as string[];
    expect(entry).toEqual(['/app/node_modules/.bin/vigil']);
    expect(JSON.parse(runtime.find((i) => i.op === 'CMD')!.args)).toEqual(['serve']);
  });

  it('keeps its data in a volume, listens on the port it exposes, and checks /healthz', () => {
    for (const name of runtimeEnv.keys()) if (name.startsWith('VIGIL_')) expect(ENV_KEYS[name], `${name} is not read by the server`).toBeDefined();
    const volume = JSON.parse(runtime.find((i) => i.op === 'VOLUME')!.args) as string[];
    expect(volume).toEqual([runtimeEnv.get('VIGIL_DATA')]);
    expect(runtime.find((i) => i.op === 'EXPOSE')!.args).toBe(runtimeEnv.get('VIGIL_PORT'));
    expect(runtimeEnv.get('VIGIL_HOST')).toBe('0.0.0.0');
    const health = runtime.find((i) => i.op === 'HEALTHCHECK')!.args;
    expect(health).toContain('/healthz');
    expect(health).toContain('process.env.VIGIL_PORT');
  });

  it('leaves installs, builds and data out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '.git', 'vigil-data']) expect(ignored).toContain(entry);
  });
});

describe('compose.yaml', () => {
  const services = compose.services;

  it('runs Vigil, PostgreSQL, Prometheus, Alertmanager and Grafana, each dependency a service of the file', () => {
    expect(Object.keys(services).sort()).toEqual(['alertmanager', 'grafana', 'postgres', 'prometheus', 'vigil']);
    for (const [name, s] of Object.entries(services)) {
      const deps = Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
      for (const d of deps) expect(Object.keys(services), `${name} depends on ${d}`).toContain(d);
    }
    expect(services['vigil']!.build).toBe('.');
  });

  it("gives Vigil only settings the server reads, its port, its data volume and the PostgreSQL service's database", () => {
    const env = services['vigil']!.environment!;
    for (const name of Object.keys(env)) {
      expect(ENV_KEYS[name], `${name} is not read by the server`).toBeDefined();
      expect(configKeys.has(ENV_KEYS[name]!)).toBe(true);
    }
    expect(services['vigil']!.ports).toEqual([`${env['VIGIL_PORT']}:${env['VIGIL_PORT']}`]);
    expect(services['vigil']!.volumes).toEqual([`vigil-data:${env['VIGIL_DATA']}`]);
    expect(env['VIGIL_DATA']).toBe(runtimeEnv.get('VIGIL_DATA'));
    const pg = services['postgres']!.environment!;
    const store = new URL(env['VIGIL_STORE']!.replace('${POSTGRES_PASSWORD:-vigil}', 'vigil'));
    expect(store.protocol).toBe('postgres:');
    expect(store.hostname).toBe('postgres');
    expect(store.port).toBe('5432');
    expect(store.username).toBe(pg['POSTGRES_USER']);
    expect(store.pathname).toBe(`/${pg['POSTGRES_DB']}`);
    expect(pg['POSTGRES_PASSWORD']).toBe('${POSTGRES_PASSWORD:-vigil}');
  });

  it('declares every named volume it uses, and mounts only files of the repository', () => {
    const named = new Set<string>();
    for (const [name, s] of Object.entries(services)) {
      for (const v of s.volumes ?? []) {
        const [source, target] = v.split(':') as [string, string];
        expect(target.startsWith('/'), `${name}: ${v}`).toBe(true);
        if (source.startsWith('./')) expect(existsSync(join(ROOT, source)), `${name} mounts ${source}`).toBe(true);
        else named.add(source);
      }
    }
    expect([...named].sort()).toEqual(Object.keys(compose.volumes).sort());
  });

  it('points Prometheus at Vigil and Alertmanager, and Grafana at Prometheus and the dashboards, on the ports they listen on', () => {
    const prom = parse(read('docs/integrations/prometheus/prometheus.yml')) as {
      rule_files: string[];
      alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const vigilPort = services['vigil']!.environment!['VIGIL_PORT'];
    expect(prom.scrape_configs.find((j) => j.job_name === 'vigil')!.static_configs[0]!.targets).toEqual([`vigil:${vigilPort}`]);
    expect(prom.alerting.alertmanagers[0]!.static_configs[0]!.targets).toEqual(['alertmanager:9093']);
    expect(services['alertmanager']!.ports).toContain('9093:9093');
    // Prometheus reads its rule files beside its config, where compose mounts them.
    const promMounts = services['prometheus']!.volumes!.map((v) => v.split(':')[1]);
    for (const f of prom.rule_files) expect(promMounts).toContain(`/etc/prometheus/${f}`);
    expect(services['prometheus']!.command).toContain('--config.file=/etc/prometheus/prometheus.yml');
    expect(services['prometheus']!.ports).toContain('9090:9090');

    const ds = parse(read('docs/integrations/grafana/provisioning/datasources/prometheus.yaml')) as { datasources: { type: string; url: string }[] };
    expect(ds.datasources.map((d) => [d.type, d.url])).toEqual([['prometheus', 'http://prometheus:9090']]);
    const provider = parse(read('docs/integrations/grafana/provisioning/dashboards/vigil.yaml')) as { providers: { options: { path: string } }[] };
    const folder = provider.providers[0]!.options.path;
    const grafanaMounts = services['grafana']!.volumes!.map((v) => v.split(':') as [string, string]);
    const dashboards = grafanaMounts.filter(([, target]) => target.startsWith(`${folder}/`)).map(([source]) => source);
    expect(dashboards.sort()).toEqual(
      ['vigil-infrastructure.json', 'vigil-model.json', 'vigil-models-overview.json'].map((f) => `./docs/integrations/grafana/${f}`).sort(),
    );
  });
});

describe('deploy/vigil.service', () => {
  const unit = read('deploy/vigil.service');
  const values = (key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]!);

  it('runs vigil serve as its own user, with settings the server reads and its data in the state directory', () => {
    expect(values('User')).toEqual(['vigil']);
    expect(values('ExecStart')).toEqual(['/opt/vigil/node_modules/.bin/vigil serve']);
    const env = new Map(values('Environment').map((e) => e.split('=', 2) as [string, string]));
    for (const name of env.keys()) if (name.startsWith('VIGIL_')) expect(ENV_KEYS[name], `${name} is not read by the server`).toBeDefined();
    expect(env.get('VIGIL_DATA')).toBe(`/var/lib/${values('StateDirectory')[0]}`);
    expect(values('ReadWritePaths')).toEqual([env.get('VIGIL_DATA')]);
    expect(unit).toContain('sh deploy/install.sh /tmp/vigil-packs /opt/vigil');
  });
});
