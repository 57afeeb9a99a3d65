// "Acting as": the name recorded with acknowledgements, silences and comments. It starts as the
// API key's name and is remembered in this browser once typed or used.

import { useId, useState } from 'react';
import { actingAs, readActor, saveActor } from '../api/api-key.js';
import { useKeyIdentity } from '../api/key-identity.js';

/** The name to act as, and a setter that remembers it (call it with the name an action used, too). */
export function useActor(): [string, (name: string) => void] {
  const { name: keyName } = useKeyIdentity();
  const [saved, setSaved] = useState(readActor);
  return [
    actingAs(saved, keyName),
    (name: string) => {
      setSaved(name);
      saveActor(name);
    },
  ];
}

export function ActorField({ actor, onChange }: { actor: string; onChange: (name: string) => void }) {
  const id = useId();
  return (
    <div className="actor">
      <label htmlFor={id}>Acting as</label>
      <input id={id} value={actor} placeholder="your name" onChange={(e) => onChange(e.target.value)} autoComplete="name" />
    </div>
  );
}
