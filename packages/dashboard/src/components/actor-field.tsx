// "Acting as": the name recorded with acknowledgements, silences and comments (an API key names
// no person). Remembered in this browser.

import { useId, useState } from 'react';
import { readActor, saveActor } from '../api/api-key.js';

export function useActor(): [string, (name: string) => void] {
  const [actor, setActor] = useState(readActor);
  return [
    actor,
    (name: string) => {
      setActor(name);
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
