// An error the user must see now (a failed action, a refused form), announced to screen readers.

export function ActionError({ error }: { error: string | undefined }) {
  if (error === undefined) return null;
  return (
    <p className="field-error" role="alert">
      {error}
    </p>
  );
}
