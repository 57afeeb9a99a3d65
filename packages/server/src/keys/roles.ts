// Roles beyond scopes: `edit` lets a key change what `admin` may change, except the operations
// that hand out access or touch personal data, which stay with `admin`.

/** Operations only an admin key may call, whatever other scopes a key has. */
export const ADMIN_ONLY_OPERATIONS: ReadonlySet<string> = new Set([
  'createProject',
  'deleteProject',
  'createKey',
  'listKeys',
  'revokeKey',
  'rotateKey',
  'putDataPolicy',
  'deleteDataPolicy',
  'putModelDataPolicy',
  'deleteModelDataPolicy',
  'eraseModelEvents',
]);

/** True when a key with `edit` (and not `admin`) may call an operation that needs `admin`. */
export function editMayCall(operationId: string | undefined): boolean {
  return operationId !== undefined && !ADMIN_ONLY_OPERATIONS.has(operationId);
}
