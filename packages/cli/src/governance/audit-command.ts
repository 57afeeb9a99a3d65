// `vigil audit verify`: recomputes the audit log's Merkle tree from the rows a store holds (running
// or stopped) and checks it against every signed tree head. Exit 0 when the log is intact, 1 naming
// the first entry edited, deleted, inserted or reordered, 2 on bad usage.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_OK } from '../exit-codes.js';

export interface AuditVerifyFlags {
  data?: string;
  store?: string;
  keyFile?: string;
  publicKey?: string;
  json?: boolean;
}

export function registerAuditCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const audit = program.command('audit').description('The tamper-evident audit log.').exitOverride();
  audit
    .command('verify')
    .description(
      'Recompute the audit log from the stored entries and check it against the signed tree heads: exit 0 when intact, 1 naming the first entry edited, deleted, inserted or reordered. Works on a stopped store.',
    )
    .option('--data <dir>', 'the server data folder: its SQLite store (vigil.db) and audit key (audit.key)')
    .option('--store <url>', 'a postgres://… URL (or a SQLite file) instead of <data>/vigil.db')
    .option('--key-file <file>', 'the audit key file (default <data>/audit.key; VIGIL_AUDIT_KEY is read too)')
    .option('--public-key <base64>', 'check the heads with this Ed25519 public key (as GET /v1/audit shows it) instead of a key file')
    .option('--json', 'print the result as JSON')
    .exitOverride()
    .action(async (flags: AuditVerifyFlags) => setExit(await runAuditVerify(flags, io, process.env)));
}

export async function runAuditVerify(flags: AuditVerifyFlags, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const { AuditSigner, AUDIT_KEY_FILE, loadAuditSigner, openStore, verifyStoredAuditLog } = await import('@vigil/server');
  if (flags.data === undefined && flags.store === undefined) {
    io.stderr('vigil: audit verify: give --data <dir> (the server data folder) or --store <url>\n');
    return EXIT_BAD_INPUT;
  }
  const location = flags.store ?? join(flags.data!, 'vigil.db');
  if (!/^postgres(ql)?:\/\//.test(location) && !existsSync(location)) {
    io.stderr(`vigil: audit verify: no store at ${location}\n`);
    return EXIT_BAD_INPUT;
  }
  let signer: ReturnType<typeof AuditSigner.fromSeed>;
  try {
    if (flags.publicKey !== undefined) signer = AuditSigner.fromPublicKey(flags.publicKey);
    else if (flags.keyFile !== undefined) {
      const { readFileSync } = await import('node:fs');
      signer = loadAuditSigner({ auditKey: readFileSync(flags.keyFile, 'utf8'), data: '.', create: false });
    } else if (env['VIGIL_AUDIT_KEY'] !== undefined) signer = loadAuditSigner({ auditKey: env['VIGIL_AUDIT_KEY'], data: '.', create: false });
    else if (flags.data !== undefined && existsSync(join(flags.data, AUDIT_KEY_FILE))) signer = loadAuditSigner({ data: flags.data, create: false });
    else {
      io.stderr('vigil: audit verify: no audit key: give --public-key, --key-file, VIGIL_AUDIT_KEY, or --data with its audit.key\n');
      return EXIT_BAD_INPUT;
    }
  } catch (e) {
    io.stderr(`vigil: audit verify: ${(e as Error).message}\n`);
    return EXIT_BAD_INPUT;
  }
  const store = await openStore({ location });
  try {
    const r = await verifyStoredAuditLog(store, signer);
    if (flags.json === true) io.stdout(`${JSON.stringify(r)}\n`);
    if (r.ok) {
      if (flags.json !== true)
        io.stdout(
          `audit log intact: ${r.entries} entries, ${r.heads} signed tree heads (key ${signer.keyId}), root ${r.root}${r.erased > 0 ? `, ${r.erased} erased payloads` : ''}\n`,
        );
      return EXIT_OK;
    }
    io.stderr(`vigil: audit log broken: ${r.problem?.message ?? 'unknown problem'}\n`);
    return EXIT_CHECK_FAILED;
  } finally {
    await store.close();
  }
}
