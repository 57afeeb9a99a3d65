// A reader of the Dockerfile's instructions, enough for the deployment tests to check and run them.

export interface DockerInstruction {
  stage: string;
  op: string;
  args: string;
}

/** The Dockerfile's instructions (continuation lines joined, comments left out), each with its stage's name. */
export function dockerInstructions(text: string): DockerInstruction[] {
  const out: DockerInstruction[] = [];
  let stage = '';
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  for (const line of logical) {
    const m = /^([A-Z]+)\s+(.*)$/.exec(line);
    if (m === null) continue;
    const [, op, args] = m as unknown as [string, string, string];
    if (op === 'FROM') stage = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? args;
    out.push({ stage, op, args: args.replace(/\s+/g, ' ') });
  }
  return out;
}

/** `ENV A=1 B=2` instructions of a stage as a map. */
export function dockerEnv(instructions: readonly DockerInstruction[], stage: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const i of instructions.filter((x) => x.stage === stage && x.op === 'ENV'))
    for (const m of i.args.matchAll(/([A-Z_][A-Z0-9_]*)=("[^"]*"|\S+)/g)) env.set(m[1]!, m[2]!.replace(/^"|"$/g, ''));
  return env;
}
