// Project names for the `project` label of /metrics, looked up by id once and then kept: a
// project's name never changes and ids are never reused (both stores number them without reuse).

import type { Store } from '../storage/store.js';

export class ProjectNames {
  private readonly names = new Map<number, string>();

  constructor(private readonly store: Store) {}

  /** The project's name, or its id in words when the project is gone (deleted meanwhile). */
  async of(projectId: number): Promise<string> {
    const known = this.names.get(projectId);
    if (known !== undefined) return known;
    const row = await this.store.projectById(projectId);
    if (row === undefined) return `#${projectId}`;
    this.names.set(projectId, row.name);
    return row.name;
  }
}
